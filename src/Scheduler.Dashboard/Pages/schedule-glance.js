// The schedule list's "failing now" count, loaded after the page is shown (counting reads every record).
(function () {
  'use strict';
  var root = document.querySelector('[data-scheduler-api]');
  var label = document.querySelector('[data-testid="glance-failing"]');
  if (!root || !label) return;
  fetch(root.getAttribute('data-scheduler-api') + '/schedules/glance', { headers: { Accept: 'application/json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (glance) {
      if (!glance) return;
      label.setAttribute('data-count', String(glance.failing));
      label.textContent = glance.failing + ' failing now';
      label.className = 'label ' + (glance.failing > 0 ? 'label-danger' : 'label-success');
    })
    .catch(function () { });
})();

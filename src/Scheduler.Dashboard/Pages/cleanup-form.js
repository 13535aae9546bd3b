// The cleanup form: register (POST /api/cleanup) or change (PUT /api/cleanup/{id}) a cleanup registration, each
// problem the API names a field for shown at that field. Plain browser JavaScript, no build step; values reach the
// page through textContent and .value only.
(function () {
  'use strict';
  var form = document.querySelector('[data-testid="cleanup-form"]');
  var root = document.querySelector('[data-scheduler-api]');
  if (!form || !root) return;
  var api = root.getAttribute('data-scheduler-api');
  var detailBase = root.getAttribute('data-detail-base') || '';
  var editId = form.getAttribute('data-edit-id') || '';
  var errorBox = document.querySelector('[data-testid="ui-error"]');
  var save = form.querySelector('[data-testid="form-save"]');
  var texts = ['directory', 'pattern', 'interval', 'description', 'moduleId'];
  var numbers = ['retentionDays', 'maxFiles', 'maxSizeMb', 'priority'];

  function el(name) { return form.querySelector('[name="' + name + '"]'); }
  // As typed: a description or a path is stored exactly; only an all-blank field counts as empty.
  function value(name) { var v = el(name).value; return v.trim() ? v : ''; }

  var problems = window.schedulerFormProblems(form, errorBox, null);
  var clearErrors = problems.clear, fieldError = problems.at, showProblem = problems.show;

  // Every field goes, an empty one as absent: a PUT replaces the registration, so an emptied policy is removed. What
  // is not a plain decimal number (0x1E, 1e3 or words, which JavaScript's Number would read) goes as typed, for the API
  // to refuse at its field, as it refuses them from the CLI.
  function body() {
    var b = {};
    texts.forEach(function (name) { if (value(name)) b[name] = value(name); });
    numbers.forEach(function (name) {
      var typed = value(name).trim();
      if (typed) b[name] = /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
    });
    return b;
  }

  async function submit(event) {
    event.preventDefault();
    clearErrors();
    await problems.saveAndGo(editId ? api + '/cleanup/' + encodeURIComponent(editId) : api + '/cleanup', editId ? 'PUT' : 'POST',
      body(), save, detailBase);
  }

  async function load() {
    var response = await fetch(api + '/cleanup/' + encodeURIComponent(editId), { headers: { Accept: 'application/json' } });
    if (!response.ok) { await showProblem(response); save.disabled = true; return; }
    var r = await response.json();
    texts.concat(numbers).forEach(function (name) {
      if (r[name] !== undefined && r[name] !== null) el(name).value = r[name];
    });
  }

  form.addEventListener('submit', submit);
  if (editId) {
    save.disabled = true;
    load().then(function () { if (!errorBox.textContent) save.disabled = false; }, function (err) { fieldError(null, err.message); });
  }
})();

// What the schedule and cleanup forms share: each problem the API names a field for (problem+json "errors", a list of
// {field, message}) is shown at that field, the rest on top of the page; and saving, then going to what was saved. Written before each form's own script.
// Plain browser JavaScript, no build step; messages reach the page through textContent only.
window.schedulerFormProblems = function (form, errorBox, elsewhere) {
  'use strict';
  function clear() {
    errorBox.hidden = true; errorBox.textContent = '';
    form.querySelectorAll('[data-error-for]').forEach(function (p) { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('.has-error').forEach(function (g) { g.classList.remove('has-error'); });
  }

  // elsewhere(field): where a field the form has no place for is shown instead (null: on top).
  function at(field, message) {
    var target = field && form.querySelector('[data-error-for="' + CSS.escape(field) + '"]');
    if (!target && field && elsewhere && elsewhere(field)) target = form.querySelector('[data-error-for="' + CSS.escape(elsewhere(field)) + '"]');
    if (!target || target.parentElement.closest('[hidden]')) {
      errorBox.textContent = (errorBox.textContent ? errorBox.textContent + ' ' : '') + message;
      errorBox.hidden = false;
      return;
    }
    target.textContent = message;
    target.hidden = false;
    var group = target.closest('.form-group');
    if (group) group.classList.add('has-error');
  }

  // problem+json: "errors" lists {field, message}; without it, "detail" goes on top.
  async function show(response) {
    var problem = null;
    try { problem = await response.json(); } catch (e) { }
    if (problem && Array.isArray(problem.errors) && problem.errors.length > 0) {
      problem.errors.forEach(function (e) { at(e.field, e.message); });
      return;
    }
    at(null, problem ? (problem.detail || problem.title) : (response.status + ' ' + response.statusText));
  }

  // Sends body; saved, goes to the saved record's page (detailBase + its id), else shows each refusal at its field.
  async function saveAndGo(url, method, body, button, detailBase) {
    button.disabled = true;
    try {
      var response = await fetch(url, { method: method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) { await show(response); return; }
      var saved = await response.json();
      window.location.href = detailBase + encodeURIComponent(saved.id);
    } catch (err) {
      at(null, err.message);
    } finally {
      button.disabled = false;
    }
  }

  return { clear: clear, at: at, show: show, saveAndGo: saveAndGo };
};

// Operator pages: the pause dialog (why, until when) and bulk actions on a selection of schedules.
// Loaded after operator-ui.js, whose helpers it uses through window.schedulerUi. Text goes in with textContent only.
(function () {
  'use strict';
  var ui = window.schedulerUi;
  if (!ui) return;

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text) el.textContent = text;
    return el;
  }

  // One <dialog> per page, built on first use. Resolves {note, until} (either may be absent), or null when closed.
  var dialog = null;
  function buildDialog() {
    dialog = element('dialog', { 'data-testid': 'pause-dialog', style: 'min-width:28em' });
    var form = element('form', { method: 'dialog' });
    var title = element('h4', { 'data-testid': 'pause-title' });
    var noteLabel = element('label', { style: 'display:block' }, 'Why (optional)');
    var note = element('textarea', { 'data-testid': 'pause-note', class: 'form-control', rows: '3', maxlength: '500' });
    noteLabel.appendChild(note);
    var untilLabel = element('label', { style: 'display:block;margin-top:8px' }, 'Resume by itself at (optional, your local time)');
    var until = element('input', { 'data-testid': 'pause-until', class: 'form-control', type: 'datetime-local' });
    untilLabel.appendChild(until);
    var buttons = element('p', { style: 'margin-top:12px' });
    var confirm = element('button', { type: 'submit', value: 'pause', class: 'btn btn-warning', 'data-testid': 'pause-confirm' }, 'Pause');
    var cancel = element('button', { type: 'submit', value: 'close', class: 'btn btn-link', 'data-testid': 'pause-close' }, 'Close');
    buttons.appendChild(confirm);
    buttons.appendChild(document.createTextNode(' '));
    buttons.appendChild(cancel);
    [title, noteLabel, untilLabel, buttons].forEach(function (el) { form.appendChild(el); });
    dialog.appendChild(form);
    document.body.appendChild(dialog);
  }

  ui.askPause = function (heading) {
    if (!dialog) buildDialog();
    dialog.querySelector('[data-testid="pause-title"]').textContent = heading;
    var note = dialog.querySelector('[data-testid="pause-note"]');
    var until = dialog.querySelector('[data-testid="pause-until"]');
    note.value = '';
    until.value = '';
    return new Promise(function (resolve) {
      dialog.addEventListener('close', function onClose() {
        dialog.removeEventListener('close', onClose);
        if (dialog.returnValue !== 'pause') { resolve(null); return; }
        var body = {};
        if (note.value.trim()) body.note = note.value.trim();
        if (until.value) body.until = new Date(until.value).toISOString();
        resolve(body);
      });
      dialog.returnValue = '';
      dialog.showModal();
    });
  };

  // Bulk actions: checked rows one by one, or every task matching the page's filter through one request.
  var bar = document.querySelector('[data-testid="bulk-bar"]');
  if (!bar) return;
  var count = bar.querySelector('[data-testid="bulk-count"]');
  var result = bar.querySelector('[data-testid="bulk-result"]');
  var matching = false;

  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input[data-testid="select-row"]')); }
  function selectedIds() { return boxes().filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute('data-id'); }); }

  function update() {
    var ids = selectedIds();
    count.textContent = matching
      ? 'All ' + bar.getAttribute('data-matching') + ' schedule(s) matching the filter selected'
      : ids.length + ' selected';
    bar.querySelectorAll('button[data-bulk]').forEach(function (b) { b.disabled = !matching && ids.length === 0; });
  }

  document.addEventListener('change', function (e) {
    var box = e.target;
    if (box.matches('input[data-testid="select-page"]')) boxes().forEach(function (b) { b.checked = box.checked; });
    if (box.matches('input[data-testid="select-page"], input[data-testid="select-row"]')) { matching = false; update(); }
  });

  var selectMatching = bar.querySelector('[data-testid="select-matching"]');
  if (selectMatching) selectMatching.addEventListener('click', function () {
    matching = true;
    boxes().forEach(function (b) { b.checked = true; });
    var page = document.querySelector('input[data-testid="select-page"]');
    if (page) page.checked = true;
    update();
  });

  var verbs = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' };
  var single = {
    pause: { method: 'POST', suffix: '/pause' },
    resume: { method: 'POST', suffix: '/resume' },
    cancel: { method: 'DELETE', suffix: '/schedule' }
  };

  async function send(url, method, body) {
    var headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined });
  }

  bar.addEventListener('click', async function (e) {
    var button = e.target.closest('button[data-bulk]');
    if (!button) return;
    var action = button.getAttribute('data-bulk');
    var ids = selectedIds();
    var howMany = matching ? bar.getAttribute('data-matching') + ' matching' : String(ids.length);
    if (action === 'cancel' && !window.confirm('Cancel ' + howMany + ' task(s)? They will never run again.')) return;
    var body = null;
    if (action === 'pause') {
      body = await ui.askPause('Pause ' + howMany + ' task(s)');
      if (!body) return;
    }
    ui.clearError();
    result.textContent = '';
    button.disabled = true;
    try {
      if (matching) {
        var response = await send(ui.api + '/schedules/' + action + bar.getAttribute('data-filter-query'), 'POST', body);
        if (!response.ok) { ui.showError(action + ': ' + await ui.problemText(response)); return; }
        var answer = await response.json();
        result.textContent = verbs[action] + ' ' + answer[verbs[action]] + ' task(s)';
        // The rows shown are re-read; the selection ends with the action.
        matching = false;
        var shown = boxes();
        shown.forEach(function (b) { b.checked = false; });
        var all = document.querySelector('input[data-testid="select-page"]');
        if (all) all.checked = false;
        await Promise.all(shown.map(function (b) { return ui.refreshTask(b.getAttribute('data-id')); }));
        return;
      }
      var done = 0;
      var skipped = [];
      for (var i = 0; i < ids.length; i++) {
        var r = await send(ui.taskUrl(ids[i], single[action].suffix), single[action].method, body);
        var ok = r.ok;
        if (ok && action === 'cancel') ok = (await r.json()).cancelled !== false;
        if (ok) done++; else skipped.push(ids[i]);
        await ui.refreshTask(ids[i]);
      }
      boxes().forEach(function (b) { b.checked = false; });
      result.textContent = verbs[action] + ' ' + done + ' of ' + ids.length + (skipped.length ? '; not ' + verbs[action] + ' (their state does not allow it): ' + skipped.join(', ') : '');
    } catch (err) {
      ui.showError(action + ': ' + err.message);
    } finally {
      button.disabled = false;
      update();
    }
  });

  update();
})();

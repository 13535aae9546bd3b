// The schedule form: create (POST /api/tasks/{id}/schedule) or edit (PATCH /api/tasks/{id}), with a live preview of
// the spec (POST /api/schedules/parse, debounced) and each problem the API names a field for shown at that field.
// Plain browser JavaScript, no build step; values reach the page through textContent and .value only.
(function () {
  'use strict';
  var form = document.querySelector('[data-testid="schedule-form"]');
  var root = document.querySelector('[data-scheduler-api]');
  if (!form || !root) return;
  var api = root.getAttribute('data-scheduler-api');
  var detailBase = root.getAttribute('data-detail-base') || '';
  var editId = form.getAttribute('data-edit-id') || '';
  var errorBox = document.querySelector('[data-testid="ui-error"]');
  var preview = form.querySelector('[data-testid="spec-preview"]');
  var typeSelect = form.elements['type'];
  var editedType = null; // the stored type when editing (a method call is shown, never sent back)
  var editedDef = null; // the stored task when editing
  var loaded = {}; // the stored spec and zone: sent back only when changed, since a new spec restarts the schedule from now
  var previewSeq = 0;
  var previewTimer = null;

  function el(name) { return form.querySelector('[name="' + name + '"]'); }
  function value(name) { var e = el(name); return e ? e.value.trim() : ''; }
  function set(name, v) { var e = el(name); if (e && v !== undefined && v !== null) e.value = v; }
  function list(text, separator) { return text.split(separator).map(function (s) { return s.trim(); }).filter(Boolean); }

  // A task field of a type shown as JSON, or a field the form does not have: at the task JSON, else on top.
  var problems = window.schedulerFormProblems(form, errorBox, function (field) { return field.indexOf('task') === 0 ? 'task' : null; });
  var clearErrors = problems.clear, fieldError = problems.at, showProblem = problems.show;

  function showType() {
    var type = typeSelect.value;
    form.querySelectorAll('[data-type-fields]').forEach(function (group) {
      var shown = group.getAttribute('data-type-fields');
      group.hidden = !(shown === type || (shown === 'json' && type === 'sequence'));
    });
    if (type === 'sequence' && !value('task')) {
      set('task', JSON.stringify({ type: 'sequence', steps: [
        { id: 'first', task: { type: 'notification', message: 'first step' } },
        { id: 'second', dependsOn: ['first'], task: { type: 'notification', message: 'second step' } }] }, null, 2));
    }
  }

  function parseJson(name, text) {
    try { return JSON.parse(text); } catch (e) { throw { field: name, message: name + ' is not valid JSON: ' + e.message }; }
  }

  // Fields the form shows per type; anything else a stored task carries (execution policy, environment…) is kept on edit.
  var managed = {
    notification: ['message', 'level', 'title', 'channels'],
    shell: ['command', 'args', 'workingDirectory', 'useShell'],
    mcp_tool: ['serverName', 'toolName', 'arguments'],
    plugin: ['pluginName', 'commandName', 'arguments']
  };

  function task() {
    var type = typeSelect.value;
    if (!managed[type]) return parseJson('task', value('task'));
    var t = editedDef && editedDef.type === type ? JSON.parse(JSON.stringify(editedDef)) : { type: type };
    managed[type].forEach(function (f) { delete t[f]; });
    if (type === 'notification') {
      t.message = value('task.message');
      t.level = value('task.level');
      if (value('task.title')) t.title = value('task.title');
      if (value('task.channels')) t.channels = list(value('task.channels'), ',');
    } else if (type === 'shell') {
      t.command = value('task.command');
      t.useShell = el('task.useShell').checked;
      var args = list(el('task.args').value, '\n');
      if (args.length) t.args = args;
      if (value('task.workingDirectory')) t.workingDirectory = value('task.workingDirectory');
    } else {
      var group = form.querySelector('[data-type-fields="' + type + '"]');
      managed[type].slice(0, 2).forEach(function (f) { t[f] = group.querySelector('[name="task.' + f + '"]').value.trim(); });
      var argsText = group.querySelector('[name="task.arguments"]').value.trim();
      if (argsText) t.arguments = parseJson('task.arguments', argsText);
    }
    return t;
  }

  function options() {
    var o = {};
    ['name', 'description', 'timeZone', 'startAfter', 'endAt', 'queue'].forEach(function (f) { if (value(f)) o[f] = value(f); });
    if (value('maxRuns')) o.maxRuns = Number(value('maxRuns'));
    if (value('jitter')) o.jitter = seconds(Number(value('jitter')));
    o.misfire = value('misfire');
    o.overlap = value('overlap');
    if (value('concurrency.key') || value('concurrency.limit'))
      o.concurrency = { key: value('concurrency.key'), limit: Number(value('concurrency.limit')) };
    if (value('rateLimit.key') || value('rateLimit.count') || value('rateLimit.per'))
      o.rateLimit = { key: value('rateLimit.key'), count: Number(value('rateLimit.count')), per: value('rateLimit.per') };
    o.priority = value('priority');
    return o;
  }

  // TimeSpan as the API reads it: "hh:mm:ss", with whole days as "d.hh:mm:ss" ("27:46:39" is no TimeSpan, and the
  // API would call the user's 99999 seconds "not a duration" rather than too long).
  function seconds(total) {
    if (!isFinite(total) || total < 0) return String(total);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var days = Math.floor(total / 86400);
    return (days > 0 ? days + '.' : '') + pad(Math.floor(total % 86400 / 3600)) + ':' + pad(Math.floor(total % 3600 / 60)) + ':' + pad(Math.floor(total % 60));
  }

  function newId() {
    var base = value('name').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
    return (base || 'task') + '-' + Math.random().toString(36).slice(2, 8);
  }

  async function save(e) {
    e.preventDefault();
    clearErrors();
    var body, url, method;
    try {
      var o = options();
      var tags = list(value('tags'), ',');
      if (editId) {
        url = api + '/tasks/' + encodeURIComponent(editId);
        method = 'PATCH';
        body = o;
        if (value('spec') && value('spec') !== loaded.spec) body.spec = value('spec');
        // Sent only when changed: a new zone or start bound re-plans the schedule, which a rename must not do.
        if (body.timeZone === loaded.timeZone) delete body.timeZone;
        if (body.startAfter === loaded.startAfter) delete body.startAfter;
        body.tags = tags;
        if (editedType !== 'method_call') body.task = task();
      } else {
        var id = value('id') || newId();
        url = api + '/tasks/' + encodeURIComponent(id) + '/schedule';
        method = 'POST';
        if (tags.length) o.tags = tags;
        body = { task: task(), spec: value('spec'), options: o };
        // A note or an end without the box checked is sent too: the API refuses it at its field rather than drop it.
        if (el('paused').checked) body.paused = true;
        if (value('pauseNote')) body.pauseNote = value('pauseNote');
        if (value('pauseUntil')) body.pauseUntil = value('pauseUntil');
      }
    } catch (problem) {
      fieldError(problem.field, problem.message);
      return;
    }
    await problems.saveAndGo(url, method, body, form.querySelector('[data-testid="form-save"]'), detailBase);
  }

  // The spec's description and next occurrences as the person types; a stale answer never overwrites a newer one.
  async function refreshPreview() {
    var seq = ++previewSeq;
    var spec = value('spec');
    var specError = form.querySelector('[data-error-for="spec"]');
    var zoneError = form.querySelector('[data-error-for="timeZone"]');
    if (!spec) { preview.hidden = true; return; }
    var response;
    try {
      response = await fetch(api + '/schedules/parse', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ spec: spec, timeZone: value('timeZone') || null, count: 5 }) });
    } catch (err) { return; }
    if (seq !== previewSeq) return;
    [specError, zoneError].forEach(function (p) { p.hidden = true; p.textContent = ''; p.closest('.form-group').classList.remove('has-error'); });
    if (!response.ok) {
      preview.hidden = true;
      await showProblem(response);
      return;
    }
    var parsed = await response.json();
    if (seq !== previewSeq) return;
    preview.querySelector('[data-testid="spec-description"]').textContent = parsed.description + ' (' + parsed.timeZone + ')';
    var next = preview.querySelector('[data-testid="spec-next"]');
    next.replaceChildren();
    (parsed.next || []).forEach(function (at) {
      var li = document.createElement('li');
      li.setAttribute('data-testid', 'spec-occurrence');
      li.textContent = shown(at);
      next.appendChild(li);
    });
    if (!parsed.next || parsed.next.length === 0) {
      var none = document.createElement('li');
      none.textContent = 'no further occurrences';
      next.appendChild(none);
    }
    preview.hidden = false;
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () { refreshPreview().catch(function () { }); }, 300);
  }

  // The API writes six fractional digits for every instant; a whole second reads better without them.
  function shown(at) { return typeof at === 'string' ? at.replace(/\.0+(?=[+-]|Z|$)/, '') : at; }

  async function load() {
    var response = await fetch(api + '/tasks/' + encodeURIComponent(editId), { headers: { Accept: 'application/json' } });
    if (!response.ok) { await showProblem(response); form.querySelector('[data-testid="form-save"]').disabled = true; return; }
    var t = await response.json();
    var o = t.options || {};
    set('name', t.name); set('description', t.description || '');
    set('spec', t.spec); set('timeZone', (t.schedule && t.schedule.timeZone) || o.timeZone || '');
    set('maxRuns', o.maxRuns); set('startAfter', shown(o.startAfter)); set('endAt', shown(o.endAt)); set('queue', o.queue);
    if (o.misfire) set('misfire', o.misfire);
    if (o.overlap) set('overlap', o.overlap);
    if (o.jitter) { var p = String(o.jitter).split(':').map(Number); set('jitter', p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : ''); }
    set('tags', (o.tags || []).join(', '));
    if (o.concurrency) { set('concurrency.key', o.concurrency.key); set('concurrency.limit', o.concurrency.limit); }
    if (o.rateLimit) { set('rateLimit.key', o.rateLimit.key); set('rateLimit.count', o.rateLimit.count); set('rateLimit.per', o.rateLimit.per); }
    if (o.priority) set('priority', String(o.priority).toLowerCase());
    var def = t.task || {};
    editedType = def.type;
    editedDef = def;
    loaded = { spec: t.spec, timeZone: value('timeZone'), startAfter: value('startAfter') };
    if (def.type === 'method_call') {
      typeSelect.disabled = true;
      form.querySelector('[data-testid="method-call-note"]').hidden = false;
      form.querySelectorAll('[data-type-fields]').forEach(function (g) { g.hidden = true; });
    } else if (def.type === 'notification' || def.type === 'shell' || def.type === 'mcp_tool' || def.type === 'plugin') {
      typeSelect.value = def.type;
      showType();
      if (def.type === 'notification') {
        set('task.message', def.message); set('task.title', def.title || ''); set('task.level', def.level || 'info');
        set('task.channels', (def.channels || []).join(', '));
      } else if (def.type === 'shell') {
        set('task.command', def.command); set('task.args', (def.args || []).join('\n')); set('task.workingDirectory', def.workingDirectory || '');
        el('task.useShell').checked = !!def.useShell;
      } else {
        var group = form.querySelector('[data-type-fields="' + def.type + '"]');
        (def.type === 'mcp_tool' ? ['serverName', 'toolName'] : ['pluginName', 'commandName']).forEach(function (f) {
          group.querySelector('[name="task.' + f + '"]').value = def[f] || '';
        });
        group.querySelector('[name="task.arguments"]').value = def.arguments ? JSON.stringify(def.arguments, null, 2) : '';
      }
    } else {
      typeSelect.value = def.type === 'sequence' ? 'sequence' : 'json';
      set('task', JSON.stringify(def, null, 2));
      showType();
    }
    refreshPreview().catch(function () { });
  }

  // Zone names for the datalist, from the browser itself (no list to ship).
  try {
    var zones = document.getElementById('time-zones');
    (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : []).forEach(function (z) {
      var option = document.createElement('option');
      option.value = z;
      zones.appendChild(option);
    });
  } catch (e) { }

  typeSelect.addEventListener('change', showType);
  el('spec').addEventListener('input', schedulePreview);
  el('timeZone').addEventListener('input', schedulePreview);
  form.addEventListener('submit', save);
  showType();
  if (editId) load().catch(function (err) { fieldError(null, err.message); });
})();

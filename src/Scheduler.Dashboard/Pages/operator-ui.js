// Operator pages: actions through the REST API and live updates over Server-Sent Events.
// Plain browser JavaScript, no build step. Anything from the server or the user is put in the page with
// textContent, never innerHTML, so names, messages and errors cannot inject markup.
(function () {
  'use strict';
  var root = document.querySelector('[data-scheduler-api]');
  if (!root) return;
  var api = root.getAttribute('data-scheduler-api');
  var detailBase = root.getAttribute('data-detail-base') || '';
  var errorBox = document.querySelector('[data-testid="ui-error"]');
  var eventNames = ['schedule_update', 'schedule_removed', 'task_started', 'task_finished', 'task_error', 'notification'];
  var maxEventRows = 200;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  // Same format as the server-rendered cells: UTC, to the second.
  function time(iso) {
    if (!iso) return '\u2014';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(0, 19).replace('T', ' ') + 'Z';
  }

  // Same words as the server-rendered PauseInfo: "paused by alice: note (until 2026-12-01 09:00:00Z)".
  function pauseText(task) {
    var p = task.status === 'paused' ? task.pause : null;
    if (!p) return '';
    return 'paused by ' + (p.by || '(unknown)') + (p.note ? ': ' + p.note : '') + (p.until ? ' (until ' + time(p.until) + ')' : '');
  }

  function taskUrl(id, suffix) {
    return api + '/tasks/' + encodeURIComponent(id) + suffix;
  }

  // problem+json from the API carries the actionable message in "detail".
  async function problemText(response) {
    try {
      var problem = await response.json();
      return problem.detail || problem.title || (response.status + ' ' + response.statusText);
    } catch (e) {
      return response.status + ' ' + response.statusText;
    }
  }

  // Re-reads one task and updates every element showing it (a list row or the detail panel). Its runs in progress
  // decide whether Stop shows (ActionStates.cs): a run asked for by hand runs whatever the task's status.
  async function refreshTask(id) {
    var holders = Array.prototype.filter.call(document.querySelectorAll('[data-task]'),
      function (el) { return el.getAttribute('data-task') === id; });
    if (holders.length === 0) return;
    var read = { headers: { Accept: 'application/json' } };
    var answers = await Promise.all([fetch(taskUrl(id, '/schedule'), read), fetch(taskUrl(id, '/runs/in-progress'), read)]);
    if (!answers[0].ok) return;
    var task = await answers[0].json();
    var runs = answers[1].ok ? await answers[1].json() : null;
    if (Array.isArray(runs)) {
      var inProgress = runs.some(function (run) { return !run.stoppedBy; });
      holders.forEach(function (holder) { holder.setAttribute('data-in-progress', inProgress ? 'true' : 'false'); });
    }
    var values = {
      status: task.status,
      nextRunAt: time(task.nextRunAt),
      lastRunAt: time(task.lastRunAt),
      lastOutcome: task.lastOutcome || '\u2014',
      runCount: String(task.runCount),
      pause: pauseText(task)
    };
    holders.forEach(function (holder) {
      holder.setAttribute('data-status', task.status);
      holder.querySelectorAll('[data-field]').forEach(function (cell) {
        var field = cell.getAttribute('data-field');
        if (field in values) cell.textContent = values[field];
      });
    });
  }

  var actions = {
    pause: { method: 'POST', suffix: '/pause' },
    resume: { method: 'POST', suffix: '/resume' },
    trigger: { method: 'POST', suffix: '/trigger' },
    stop: { method: 'POST', suffix: '/stop' },
    cancel: { method: 'DELETE', suffix: '/schedule' },
    delete: { method: 'DELETE', suffix: '' }
  };

  // What came of an action, for the result line next to its buttons: what was done, what a 2xx that changed nothing
  // says (a cancel of an ended task, a stop with no run in progress), or the API's own problem detail.
  async function outcome(name, response) {
    if (!response.ok) return { kind: 'refused', text: await problemText(response) };
    var answer = {};
    try { if (response.status !== 204) answer = await response.json(); } catch (e) { answer = {}; }
    switch (name) {
      case 'trigger': return { kind: 'done', text: answer.runId ? 'Run requested (run id ' + answer.runId + ')' : 'Run requested' };
      case 'stop':
        var stopped = Array.isArray(answer.stopped) ? answer.stopped.length : 0;
        return stopped === 0
          ? { kind: 'nothing', text: 'Nothing stopped: no run of this task is in progress' }
          : { kind: 'done', text: 'Stopped ' + stopped + (stopped === 1 ? ' run' : ' runs') };
      case 'cancel':
        return answer.cancelled === false
          ? { kind: 'nothing', text: 'Not cancelled: the task is ' + (answer.status || 'ended') + (answer.reason ? ' (' + answer.reason + ')' : '') }
          : { kind: 'done', text: 'Cancelled' };
      case 'pause': return { kind: 'done', text: 'Paused' };
      case 'resume': return { kind: 'done', text: 'Resumed' };
      default: return { kind: 'done', text: 'Done' };
    }
  }

  var outcomeStyles = { done: 'text-success', nothing: 'text-warning', refused: 'text-danger' };

  function showOutcome(line, result) {
    if (!line) { if (result.kind === 'refused') showError(result.text); return; }
    line.className = outcomeStyles[result.kind];
    line.setAttribute('data-outcome', result.kind);
    line.textContent = result.text;
    line.hidden = false;
  }

  // A deleted task leaves the page: its list row goes, a detail panel says so.
  function removeTask(id) {
    document.querySelectorAll('[data-task]').forEach(function (holder) {
      if (holder.getAttribute('data-task') !== id) return;
      if (holder.tagName === 'TR') { holder.remove(); return; }
      var note = document.createElement('p');
      note.className = 'alert alert-info';
      note.setAttribute('data-testid', 'schedule-deleted');
      note.textContent = 'Task "' + id + '" was deleted with its history.';
      holder.replaceChildren(note);
    });
  }

  document.addEventListener('click', async function (e) {
    var button = e.target.closest('button[data-action]');
    if (!button) return;
    var id = button.getAttribute('data-id');
    var name = button.getAttribute('data-action');
    var action = actions[name];
    if (!action) return;
    if (name === 'stop' && !window.confirm('Stop the running run of task "' + id + '"? It is recorded cancelled and not retried; the schedule goes on.')) return;
    if (name === 'cancel' && !window.confirm('Cancel task "' + id + '"? It will never run again.')) return;
    if (name === 'delete' && !window.confirm('Delete task "' + id + '" for good? Its history goes too, and a running run is cancelled.')) return;
    // A pause asks why and until when (operator-actions.js); closing the dialog pauses nothing.
    var body = null;
    if (name === 'pause' && window.schedulerUi.askPause) {
      body = await window.schedulerUi.askPause('Pause task "' + id + '"');
      if (!body) return;
    }
    clearError();
    var line = button.parentElement.querySelector('[data-action-result]');
    if (line) { line.hidden = true; line.textContent = ''; }
    button.disabled = true;
    try {
      var headers = { Accept: 'application/json' };
      if (body) headers['Content-Type'] = 'application/json';
      var response = await fetch(taskUrl(id, action.suffix), { method: action.method, headers: headers, body: body ? JSON.stringify(body) : undefined });
      if (name === 'delete' && response.ok) { removeTask(id); return; }
      showOutcome(line, await outcome(name, response));
      // A refresh that fails leaves the page as it was; the action's outcome shown stands.
      await refreshTask(id).catch(function () { });
    } catch (err) {
      showOutcome(line, { kind: 'refused', text: name + ' ' + id + ': ' + err.message });
    } finally {
      button.disabled = false;
    }
  });

  // For the other page scripts (operator-actions.js), which load after this one.
  window.schedulerUi = {
    api: api, taskUrl: taskUrl, refreshTask: refreshTask, removeTask: removeTask,
    showError: showError, clearError: clearError, problemText: problemText, time: time
  };

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function addEventRow(list, e) {
    var row = document.createElement('tr');
    row.setAttribute('data-testid', 'event-row');
    row.setAttribute('data-event', e.event || '');
    row.setAttribute('data-task-id', e.taskId || '');
    cell(row, time(e.at));
    cell(row, e.event || '');
    cell(row, e.type || '');
    var taskCell = cell(row, '');
    if (e.taskId) {
      var link = document.createElement('a');
      link.href = detailBase + encodeURIComponent(e.taskId);
      link.textContent = e.taskId;
      taskCell.appendChild(link);
    }
    var data = cell(row, '');
    var code = document.createElement('code');
    code.textContent = e.data ? JSON.stringify(e.data) : '';
    data.appendChild(code);
    list.insertBefore(row, list.firstChild);
    while (list.children.length > maxEventRows) list.removeChild(list.lastChild);
  }

  var after = root.getAttribute('data-events-after');
  if (after === null || !window.EventSource) return;
  var status = document.querySelector('[data-testid="events-status"]');
  var list = document.querySelector('[data-testid="event-list"]');
  // Resume right after the newest event the server saw while rendering: nothing in between is missed.
  // On reconnect the browser sends Last-Event-ID itself, which the server prefers over the query.
  var source = new EventSource(api + '/events?lastEventId=' + encodeURIComponent(after));
  source.onopen = function () { if (status) status.textContent = 'live'; };
  source.onerror = function () { if (status) status.textContent = 'reconnecting'; };
  function onEvent(message) {
    var e;
    try { e = JSON.parse(message.data); } catch (err) { return; }
    if (list) addEventRow(list, e);
    if (e.taskId) refreshTask(e.taskId).catch(function () { });
  }
  eventNames.forEach(function (name) { source.addEventListener(name, onEvent); });
  source.onmessage = onEvent;
  window.addEventListener('beforeunload', function () { source.close(); });
})();

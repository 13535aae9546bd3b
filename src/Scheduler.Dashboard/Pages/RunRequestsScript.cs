namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The script of the retry, dismiss and stop buttons and the backfill form (failed-runs, run and schedule pages): each calls the REST API and
/// shows its answer or its problem detail; after a stop, the run page follows the run to its end. Separate from the operator script so the two evolve apart; values from the
/// server go into the page through textContent only.
/// </summary>
internal static class RunRequestsScript
{
    public static void Write(Action<string> literal) => literal("<script>" + Source + "</script>");

    internal const string Source = """
        (function () {
          'use strict';
          var root = document.querySelector('[data-scheduler-api]');
          if (!root || window.__runRequests) return;
          window.__runRequests = true;
          var api = root.getAttribute('data-scheduler-api');
          var errorBox = document.querySelector('[data-testid="ui-error"]');
          function showError(message) { errorBox.textContent = message; errorBox.hidden = false; }
          function clearError() { errorBox.hidden = true; errorBox.textContent = ''; }
          async function problemText(response) {
            try { var p = await response.json(); return p.detail || p.title || (response.status + ' ' + response.statusText); }
            catch (e) { return response.status + ' ' + response.statusText; }
          }
          async function post(url, body) {
            return fetch(url, {
              method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body)
            });
          }
          // The failed-runs page's total, counted again after a dismiss took a run off the list (others may have
          // changed it too). The words are FailedRunsPage's (TotalText, and its page with none).
          async function recount() {
            var total = document.querySelector('[data-testid="failed-total"]');
            if (!total) return;
            var response = await fetch(api + '/runs/failed' + total.getAttribute('data-total-query'), { headers: { Accept: 'application/json' } });
            if (!response.ok) { showError('counting the failed runs: ' + await problemText(response)); return; }
            var count = (await response.json()).total;
            var size = Number(total.getAttribute('data-page-size'));
            // None left: the words of the page rendered with none.
            total.textContent = count === 0 ? 'No failed runs match.'
              : count + ' failed run(s); page ' + total.getAttribute('data-page') + ' of ' + Math.ceil(count / size);
          }
          // A stop ends the run when its worker acts on it, a moment after the API answered: the run page follows the
          // run until then and writes its state as the page renders it (RunDetailText.State: "ended cancelled") and who
          // stopped it, rather than showing it running until reloaded. Two minutes at most: a page left open stops asking.
          async function followStop(runId) {
            var state = document.querySelector('[data-testid="run-state"]');
            if (!state) return;
            for (var i = 0; i < 240; i++) {
              await new Promise(function (resolve) { setTimeout(resolve, 500); });
              var response = await fetch(api + '/runs/' + encodeURIComponent(runId), { headers: { Accept: 'application/json' } });
              if (!response.ok) { showError('following run ' + runId + ': ' + await problemText(response)); return; }
              var run = await response.json();
              if (run.stoppedBy) showStoppedBy(run.stoppedBy);
              if (run.state === 'ended') { state.textContent = 'ended ' + (run.outcome || '—'); return; }
            }
          }
          function showStoppedBy(by) {
            var value = document.querySelector('[data-testid="run-stopped"]');
            if (!value) {
              var line = document.querySelector('[data-testid="run-state-line"]');
              var term = document.createElement('dt');
              term.textContent = 'Stopped by';
              value = document.createElement('dd');
              value.setAttribute('data-testid', 'run-stopped');
              line.after(term, value);
            }
            value.textContent = by;
          }
          document.addEventListener('click', async function (e) {
            var button = e.target.closest('button[data-run-action="retry"], button[data-run-action="dismiss"], button[data-run-action="stop"]');
            if (!button) return;
            var action = button.getAttribute('data-run-action');
            var runId = button.getAttribute('data-run-id');
            // The words of the task's Stop run (operator-ui.js): a stop cannot be taken back.
            if (action === 'stop' && !window.confirm('Stop run ' + runId + ' of task "' + button.getAttribute('data-task-id')
              + '"? It is recorded cancelled and not retried; the schedule goes on.')) return;
            var cell = button.parentElement;
            var buttons = cell.querySelectorAll('button[data-run-action]');
            clearError();
            buttons.forEach(function (b) { b.disabled = true; });
            try {
              var response = action === 'dismiss'
                ? await fetch(api + '/runs/failed/' + encodeURIComponent(runId), { method: 'DELETE', headers: { Accept: 'application/json' } })
                : await post(api + '/runs/' + encodeURIComponent(runId) + '/' + action);
              if (!response.ok) {
                showError(action + ' ' + runId + ': ' + await problemText(response));
                buttons.forEach(function (b) { b.disabled = false; });
                return;
              }
              var done = document.createElement('span');
              done.className = 'label label-info';
              var label = { retry: 'retry queued', dismiss: 'dismissed', stop: 'stop asked' }[action];
              done.setAttribute('data-testid', label.replace(' ', '-'));
              done.textContent = label;
              cell.replaceChildren(done);
              if (action === 'dismiss') await recount().catch(function (err) { showError('counting the failed runs: ' + err.message); });
              if (action === 'stop') await followStop(runId).catch(function (err) { showError('following run ' + runId + ': ' + err.message); });
            } catch (err) {
              showError(action + ' ' + runId + ': ' + err.message);
              buttons.forEach(function (b) { b.disabled = false; });
            }
          });
          var form = document.querySelector('form[data-testid="backfill-form"]');
          if (!form) return;
          var output = form.querySelector('[data-testid="backfill-result"]');
          function instant(name) {
            var value = form.querySelector('[name="' + name + '"]').value.trim();
            if (!value) return undefined;
            return /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : value + 'Z';
          }
          async function backfill(dryRun) {
            clearError();
            output.textContent = '';
            var body = { from: instant('from'), to: instant('to'), dryRun: dryRun };
            var response = await post(api + '/tasks/' + encodeURIComponent(form.getAttribute('data-id')) + '/backfill', body);
            if (!response.ok) { showError('backfill: ' + await problemText(response)); return null; }
            var plan = await response.json();
            var text = plan.occurrences + ' occurrence(s) in the range, ' + plan.toRun + (dryRun ? ' to run' : ' queued') +
              ', ' + (plan.occurrences - plan.toRun) + ' already ran; ' + (plan.oneAtATime ? 'one at a time' : 'all at once') + '.';
            if (plan.first && plan.first.length) text += ' First: ' + plan.first.join(', ') + (plan.toRun > plan.first.length ? ', …' : '');
            output.textContent = text;
            output.setAttribute('data-to-run', String(plan.toRun));
            return plan;
          }
          form.addEventListener('submit', function (e) { e.preventDefault(); });
          form.querySelector('[data-testid="backfill-preview"]').addEventListener('click', function () {
            backfill(true).catch(function (err) { showError('backfill: ' + err.message); });
          });
          form.querySelector('[data-testid="backfill-run"]').addEventListener('click', async function () {
            try {
              var plan = await backfill(true);
              if (!plan || plan.toRun === 0) return;
              if (!window.confirm('Run ' + plan.toRun + ' backfilled occurrence(s) of task "' + plan.taskId + '"?')) return;
              await backfill(false);
            } catch (err) { showError('backfill: ' + err.message); }
          });
        })();
        """;
}

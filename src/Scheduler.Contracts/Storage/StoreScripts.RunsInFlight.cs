namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // Prepended (after IndexSearch) to scripts that must know which runs of a task execute now. The task record lists
    // them (field inFlightRuns, ScheduleRecord.InFlightRuns: run ids separated by spaces), kept by every script that
    // enters or removes an in-flight entry, in the same step (the run ledger's claim, attempt, outcome, leave, release
    // and restore; a create starts it empty). A check then reads one field of the task instead of searching the shared
    // in-flight hash, whose size is every task's runs in flight: a search cost Redis about 4 ms at 10,000 of them, at
    // every run's end. Absent (a record from before the field) means unknown: the hash is searched then. Its fields
    // are run ids "taskId:...", its values "jobId|workerId|taskId|attempt|startedMs": the value's task decides, as an id
    // with a colon in it starts another task's run ids.
    // runsInFlight(key, id, listed): the list, searched for when listed is false. runInFlight(key, id, except, listed):
    // whether a run other than except is in it. listedWith / listedWithout: the list with a run added or removed.
    // listRun(taskKey, runId, add): keeps a task's list, when it has one, as an entry of it is entered or removed.
    internal const string RunInFlight = """
        local function runsInFlight(key, id, listed)
          if listed then return listed end
          local found, runs, seen = fieldsStarting(key, id .. ':'), {}, {}
          for i = 1, #found, 2 do
            local _, _, task = string.find(found[i + 1], '^[^|]*|[^|]*|([^|]*)|')
            if task == id and not seen[found[i]] then
              seen[found[i]] = true
              runs[#runs + 1] = found[i]
            end
          end
          return table.concat(runs, ' ')
        end
        local function runInFlight(key, id, except, listed)
          for run in string.gmatch(runsInFlight(key, id, listed), '%S+') do
            if run ~= except then return true end
          end
          return false
        end
        local function listedWith(listed, runId)
          for run in string.gmatch(listed, '%S+') do
            if run == runId then return listed end
          end
          if listed == '' then return runId end
          return listed .. ' ' .. runId
        end
        local function listedWithout(listed, runId)
          local kept = {}
          for run in string.gmatch(listed, '%S+') do
            if run ~= runId then kept[#kept + 1] = run end
          end
          return table.concat(kept, ' ')
        end
        local function listRun(taskKey, runId, add)
          local listed = redis.call('HGET', taskKey, 'inFlightRuns')
          if not listed then return end
          local changed = add and listedWith(listed, runId) or listedWithout(listed, runId)
          if changed ~= listed then redis.call('HSET', taskKey, 'inFlightRuns', changed) end
        end
        """;
}

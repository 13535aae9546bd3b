using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>
/// When the worker starts, registers the schedules its plugins declare (<see cref="ISchedulerPlugin.Schedules"/>)
/// through the client, by id: a new declaration is created, a changed one replaces its schedule (history kept), an
/// unchanged one writes nothing, so any number of workers loading the same plugin store each schedule once. A schedule
/// the plugin no longer declares is tagged <see cref="DeclaredSchedules.OrphanedTag"/>, paused and reported; an invalid
/// declaration is logged and skipped. Each plugin and declaration stands alone: none stops another or the worker.
/// Under <c>Scheduler:Redis:ReplicaAcknowledgement</c> a plugin's registration counts as done only once the replicas
/// hold it; short of them it is tried again, as when Redis is away.
/// </summary>
internal sealed partial class DeclarationRegistrar(
    PluginCatalog catalog, IConnectionMultiplexer redis, RedisKeys keys, IOptions<PluginOptions> options, IOptions<SchedulerRedisOptions> redisOptions,
    TimeProvider time, ILogger<DeclarationRegistrar> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    // Not the worker's configuration: workers configured differently must not replace each other's registrations.
    private const string DefaultTimeZone = "UTC";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RegisterSchedules) return;
        // Scanning loads assemblies and runs plugin constructors: not on the host's start-up path.
        await Task.Yield();
        var pending = catalog.Plugins.Values.ToList();
        if (pending.Count == 0) return;
        var client = new SchedulerClient(redis, new SchedulerClientOptions
        {
            KeyPrefix = keys.Prefix, DefaultTimeZone = DefaultTimeZone, ReplicaAcknowledgement = redisOptions.Value.ReplicaAcknowledgement,
        }, time);
        // The first of a step's two writes (an orphan's tag before its pause, a declaration back before its resume) does
        // not wait: short of the replicas it would throw before the second, and the pass tried again, finding the first
        // made, takes no step (an orphan tagged and never paused, a declaration back and its task left paused). The
        // second waits, and covers the first; without a second, the pass's last wait does.
        var unwaited = new SchedulerClient(redis, new SchedulerClientOptions { KeyPrefix = keys.Prefix, DefaultTimeZone = DefaultTimeZone }, time);
        var failing = false;
        while (pending.Count > 0)
        {
            try
            {
                while (pending.Count > 0)
                {
                    try { await RegisterAsync(client, unwaited, pending[0], stoppingToken); }
                    catch (Exception e) when (e is not (RedisException or TimeoutException or ReplicaAcknowledgementException or OperationCanceledException or OutOfMemoryException))
                    {
                        // Whatever a plugin's declarations provoke, the worker and the other plugins go on.
                        LogFailed(pending[0].Name, $"{e.GetType().Name}: {e.Message}");
                    }
                    pending.RemoveAt(0);
                }
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is RedisException or TimeoutException or ReplicaAcknowledgementException)
            {
                // Redis away at start, or its replicas: try again until it answers (each pass is idempotent, and waits for
                // the replicas again even when it finds everything written).
                if (!failing) LogRetrying(pending[0].Name, e.Message, RetryDelay);
                failing = true;
            }
            try { await Task.Delay(RetryDelay, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task RegisterAsync(SchedulerClient client, SchedulerClient unwaited, ISchedulerPlugin plugin, CancellationToken cancellationToken)
    {
        if (!TaskNames.IsValid(plugin.Name))
        {
            LogBadPluginName(plugin.Name, TaskNames.Shape);
            return;
        }
        IReadOnlyList<PluginSchedule?> declared;
        IReadOnlyList<string> commands;
        try
        {
            declared = plugin.Schedules ?? [];
            commands = plugin.Commands ?? [];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not knowing what it declares, nothing is registered and nothing is taken for removed.
            LogUnreadable(plugin.Name, $"{e.GetType().Name}: {e.Message}");
            return;
        }
        var set = DeclarationCheck.Check(plugin.Name, commands, declared, DefaultTimeZone, time.GetUtcNow());
        foreach (var problem in set.Invalid) LogInvalid(plugin.Name, problem.ScheduleId, problem.Problem);

        var author = client.As(DeclaredSchedules.Tag(plugin.Name));
        var firstOfTwo = unwaited.As(DeclaredSchedules.Tag(plugin.Name));
        var stored = new Dictionary<string, ScheduledTask>(StringComparer.Ordinal);
        foreach (var declaration in set.Valid)
            if (await author.GetAsync(declaration.TaskId, cancellationToken) is { } task) stored[declaration.TaskId] = task;
        var tagged = await author.ListAsync(new ScheduleFilter { Tag = DeclaredSchedules.Tag(plugin.Name) }, 10_000, 0, cancellationToken);

        var tally = new Tally();
        foreach (var step in DeclarationPlan.Decide(set, stored, tagged))
            await ApplyAsync((author, firstOfTwo), plugin.Name, step, tally, cancellationToken);
        // Steps that wrote nothing (unchanged) waited for nothing: after a pass that was short, they are the ones it wrote.
        await author.AcknowledgedAsync($"schedules of plugin {plugin.Name}");
        if (declared.Count == 0 && tally.Orphaned == 0) LogNoneDeclared(plugin.Name);
        else LogSummary(plugin.Name, declared.Count, tally.Written, tally.Unchanged, set.Invalid.Count + tally.Refused, tally.Orphaned);
    }

    private async Task ApplyAsync((SchedulerClient Waiting, SchedulerClient Unwaited) client, string plugin, DeclarationStep step, Tally tally, CancellationToken cancellationToken)
    {
        switch (step.Kind)
        {
            case DeclarationStepKind.Register:
                await RegisterOneAsync(client, plugin, step, tally, cancellationToken);
                break;
            case DeclarationStepKind.Unchanged:
                tally.Unchanged++;
                break;
            case DeclarationStepKind.KeepEnded:
                tally.Unchanged++;
                LogKeptEnded(plugin, step.TaskId, ScheduleStatusNames.Name(step.Existing!.Status));
                break;
            case DeclarationStepKind.Foreign:
                tally.Refused++;
                LogForeign(plugin, step.Declared!.ScheduleId, step.TaskId);
                break;
            case DeclarationStepKind.Orphan:
                tally.Orphaned++;
                await OrphanAsync(client, plugin, step.Existing!, cancellationToken);
                break;
            case DeclarationStepKind.StillOrphaned:
                tally.Orphaned++;
                LogStillOrphaned(plugin, step.TaskId, ScheduleStatusNames.Name(step.Existing!.Status));
                break;
        }
    }

    private async Task RegisterOneAsync((SchedulerClient Waiting, SchedulerClient Unwaited) client, string plugin, DeclarationStep step, Tally tally, CancellationToken cancellationToken)
    {
        var declared = step.Declared!;
        try
        {
            var result = await (step.ResumesOrphan ? client.Unwaited : client.Waiting).ScheduleWithResultAsync(declared.Task, declared.Spec, declared.Options, cancellationToken);
            if (!result.Changed)
            {
                tally.Unchanged++;
                return;
            }
            tally.Written++;
            if (step.ResumesOrphan)
            {
                // Its write went unwaited: "registered" is said once the replicas hold it, with the resume that follows.
                try { await ResumeReturnedAsync(client.Waiting, declared.TaskId, result.Task.Status, cancellationToken); }
                catch (ReplicaAcknowledgementException e)
                {
                    LogWrittenUnacknowledged(plugin, declared.ScheduleId, declared.TaskId, result.Outcome, e.Message);
                    throw;
                }
            }
            LogRegistered(plugin, declared.ScheduleId, declared.TaskId, result.Outcome);
        }
        catch (Exception e) when (e is ScheduleSpecException or InvalidTaskException or ScheduleConflictException or TaskNotOfferedException or InvalidTransitionException)
        {
            tally.Refused++;
            LogInvalid(plugin, declared.ScheduleId, e.Message);
        }
    }

    // A declaration back after it was orphaned: its task resumed if still paused, the resume's wait covering the write
    // before it; else that write waited for on its own.
    private static async Task ResumeReturnedAsync(SchedulerClient client, string taskId, ScheduleStatus status, CancellationToken cancellationToken)
    {
        if (status != ScheduleStatus.Paused)
        {
            await client.AcknowledgedAsync($"declared schedule {taskId}");
            return;
        }
        try { await client.ResumeAsync(taskId, cancellationToken); }
        catch (InvalidTransitionException) { } // another worker resumed it first (its refusal waited too)
    }

    private async Task OrphanAsync((SchedulerClient Waiting, SchedulerClient Unwaited) client, string plugin, ScheduledTask task, CancellationToken cancellationToken)
    {
        var paused = false;
        try
        {
            await client.Unwaited.UpdateAsync(task.Id, new TaskUpdate { Tags = [.. task.Options.Tags ?? [], DeclaredSchedules.OrphanedTag] }, cancellationToken);
            if (task.Status is ScheduleStatus.Scheduled or ScheduleStatus.Running) paused = await client.Waiting.PauseAsync(task.Id, cancellationToken);
        }
        catch (InvalidTransitionException) { } // ended or paused meanwhile (another worker got there first)
        LogOrphaned(plugin, task.Id, paused ? "paused it" : $"left it {ScheduleStatusNames.Name(task.Status)}");
    }

    private sealed class Tally
    {
        public int Written, Unchanged, Refused, Orphaned;
    }
}

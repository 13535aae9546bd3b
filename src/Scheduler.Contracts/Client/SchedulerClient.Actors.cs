using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>Who this client records as the author of what it schedules and changes (see <see cref="SchedulerClientOptions.Actor"/>).</summary>
    public string? Actor => _options.Actor;

    /// <summary>
    /// A client on the same connection that records <paramref name="actor"/> as the author of what it schedules and
    /// changes: a server acting for each of its callers uses one per request. Disposing it leaves the connection open.
    /// </summary>
    /// <exception cref="ArgumentException">The actor is empty, longer than 200 characters or holds control characters.</exception>
    public SchedulerClient As(string actor)
    {
        var problem = string.IsNullOrWhiteSpace(actor) ? "is empty; expected a user or key name" : ActorProblem(actor);
        if (problem is not null)
            throw new ArgumentException($"actor {problem}", nameof(actor));
        return new SchedulerClient(this, actor.Trim());
    }

    internal static string? ActorProblem(string? actor) => actor switch
    {
        null => null,
        { Length: > 200 } => "is longer than 200 characters",
        _ when actor.Any(char.IsControl) => "holds control characters; expected a user or key name",
        _ => null,
    };

    private HashEntry[] ChangeStamp() => ScheduleRecord.ChangeStamp(_options.Actor, NowToTheMillisecond());
}

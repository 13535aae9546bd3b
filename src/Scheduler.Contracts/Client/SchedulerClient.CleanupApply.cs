using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Makes cleanup registration <paramref name="id"/> hold <paramref name="request"/>: registered under that id when
    /// there is none, else its fields replaced as <see cref="UpdateCleanupAsync(string, CleanupRequest, IReadOnlyList{string}, CancellationToken)"/>
    /// replaces them (nothing written when they are the same). What a module that registers its cleanup at every start
    /// calls: one registration however often it starts, where <see cref="RegisterCleanupAsync(CleanupRequest, IReadOnlyList{string}, CancellationToken)"/>
    /// would add another each time.
    /// </summary>
    /// <returns>The stored registration, and <see cref="DeclarationOutcome.Created"/>, <see cref="DeclarationOutcome.Replaced"/> or <see cref="DeclarationOutcome.Unchanged"/>.</returns>
    /// <exception cref="InvalidCleanupException">The id or a field is invalid, or the directory is refused, as when registering.</exception>
    /// <exception cref="ConcurrentUpdateException">Others changed or removed it at every one of 10 tries; nothing was written.</exception>
    public async Task<(CleanupRegistration Registration, DeclarationOutcome Outcome)> ApplyCleanupAsync(string id, CleanupRequest request,
        IReadOnlyList<string> allowedRoots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TaskIds.IsValid(id)) throw new InvalidCleanupException([$"id \"{TaskIds.Shown(id)}\" is not accepted; expected {TaskIds.Accepted}"]);
        for (var attempt = 1; attempt <= UpdateTries; attempt++)
        {
            if (await Cleanups.GetAsync(id).WaitAsync(cancellationToken) is null)
            {
                // Registered by another caller since the read: changed to this request on the next try.
                if (await CreateCleanupAsync(id, request, allowedRoots, cancellationToken) is { } created) return (created, DeclarationOutcome.Created);
                continue;
            }
            // Removed by another caller since the read: registered anew on the next try.
            var (updated, wrote) = await ChangeCleanupAsync(id, _ => request, allowedRoots, cancellationToken);
            if (updated is null) continue;
            return (updated, wrote ? DeclarationOutcome.Replaced : DeclarationOutcome.Unchanged);
        }
        throw new ConcurrentUpdateException("cleanup registration", id, UpdateTries);
    }
}

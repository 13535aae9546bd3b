using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Whether Redis lost Scheduler's data within the last hour while its processes ran (<see cref="DataSetLoss"/>);
    /// null when it did not, or no process was running to see it. Health checks report it.
    /// </summary>
    public async Task<DataSetLoss?> GetDataSetLossAsync(CancellationToken cancellationToken = default) =>
        DataSetLoss.Parse(await _store.Db.StringGetAsync(_store.Keys.DataSetLost).WaitAsync(cancellationToken));
}

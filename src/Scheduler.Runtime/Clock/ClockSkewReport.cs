namespace Scheduler.Runtime.Clock;

/// <summary>
/// Decides when a host clock's offset from Redis's is worth a log line: when it first goes beyond the threshold, when it
/// changes by more than the threshold since last said (the host's clock was stepped), and when it comes back within.
/// Not on every reading: a clock steadily 4 s off is said once, not twice a minute.
/// </summary>
internal sealed class ClockSkewReport(TimeSpan warnAbove)
{
    public enum Verdict { Quiet, Off, BackInStep }

    private TimeSpan? _lastSaid;

    public Verdict Judge(TimeSpan offset)
    {
        var off = offset.Duration() > warnAbove;
        if (off && (_lastSaid is null || (offset - _lastSaid.Value).Duration() > warnAbove))
        {
            _lastSaid = offset;
            return Verdict.Off;
        }
        if (!off && _lastSaid is not null)
        {
            _lastSaid = null;
            return Verdict.BackInStep;
        }
        return Verdict.Quiet;
    }
}

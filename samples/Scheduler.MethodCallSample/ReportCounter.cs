namespace Scheduler.MethodCallSample;

/// <summary>A singleton of the worker host: numbers the reports this process sent.</summary>
public sealed class ReportCounter
{
    private int _sent;

    public int Next() => Interlocked.Increment(ref _sent);
}

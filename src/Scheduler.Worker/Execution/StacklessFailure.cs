namespace Scheduler.Worker.Execution;

/// <summary>
/// The exceptions a run ends its Hangfire job with carry no stack trace into the job's state. Hangfire writes a failed
/// job's exception, stack included, into its Failed state and shows it on its dashboard to every role, viewers
/// included; the frames would be the worker's own bookkeeping, which says nothing about the task (the run's own error
/// is in its record). Hangfire takes a stack it was handed under its "OriginalStackTrace" data key instead of the
/// exception's; should a later version stop reading that key, the stack simply shows again.
/// </summary>
internal static class StacklessFailure
{
    private const string HangfireStackKey = "OriginalStackTrace";

    public static T Of<T>(T exception) where T : Exception
    {
        exception.Data[HangfireStackKey] = "";
        return exception;
    }
}

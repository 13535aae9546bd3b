namespace Scheduler.Worker.Handlers;

/// <summary>
/// Thrown by a handler stopped through its token (soft timeout, stop, cancel) that has output worth keeping: the attempt
/// is still judged timed out or cancelled, and <see cref="PartialResult"/> is recorded as its result.
/// </summary>
public sealed class TaskInterruptedException(string partialResult, CancellationToken token, Exception? inner = null)
    : OperationCanceledException("the task was interrupted; its output so far is kept as its result", inner, token)
{
    /// <summary>What the handler had produced when it was stopped (for a shell command: its exit code and output).</summary>
    public string PartialResult { get; } = partialResult;

    /// <summary>The partial result a stopped handler's task carries, if it threw this exception.</summary>
    internal static string? PartialResultOf(Task handling)
    {
        if (!handling.IsCanceled && !handling.IsFaulted) return null;
        // A cancelled task keeps the exception it was cancelled with; awaiting it throws that very object.
        try { handling.GetAwaiter().GetResult(); }
        catch (TaskInterruptedException e) { return e.PartialResult; }
        catch (Exception) { }
        return null;
    }
}

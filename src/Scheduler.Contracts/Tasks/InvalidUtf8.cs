namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Tells a JSON string whose bytes are not UTF-8 from a field of the wrong type: System.Text.Json reports both as a
/// value it could not convert. Shared by the REST API's and the CLI's descriptions of bad JSON.
/// </summary>
internal static class InvalidUtf8
{
    /// <summary>Whether the reader stopped at bytes that are not UTF-8 (its transcoding error, somewhere in the chain).</summary>
    public static bool Caused(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is InvalidOperationException && inner.Message.Contains("UTF-8", StringComparison.Ordinal)) return true;
        return false;
    }
}

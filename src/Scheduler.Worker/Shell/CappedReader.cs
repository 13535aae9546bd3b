using System.Text;

namespace Scheduler.Worker.Shell;

/// <summary>Reads a stream to its end, keeping the first <c>max</c> characters and draining the rest so the child never blocks on a full pipe.</summary>
internal static class CappedReader
{
    public const string TruncatedMarker = "…[truncated]";

    public static async Task<string> ReadAsync(StreamReader reader, int max)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        var truncated = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                var room = max - kept.Length;
                if (room > 0) kept.Append(buffer, 0, Math.Min(room, read));
                if (read > room) truncated = true;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe was torn down by a kill; what arrived so far is the output.
        }
        if (!truncated) return kept.ToString();
        // Never half a surrogate pair before the marker (it would turn into U+FFFD on its way to JSON).
        if (kept.Length > 0 && char.IsHighSurrogate(kept[^1])) kept.Length--;
        return kept.Append(TruncatedMarker).ToString();
    }
}

namespace Scheduler.Dashboard.Api;

/// <summary>
/// A value of the request quoted back in a message. Cut short: a request may carry thousands of characters in one
/// value, and an answer that repeats them whole buries the reason it gives.
/// </summary>
internal static class Echo
{
    /// <summary>Most characters of a value quoted back.</summary>
    public const int MaxLength = 100;

    /// <summary><paramref name="text"/>, or its first <see cref="MaxLength"/> characters and "…".</summary>
    public static string Of(string text) => text.Length > MaxLength ? text[..MaxLength] + "…" : text;

    /// <summary><see cref="Of"/> in double quotes.</summary>
    public static string Quoted(string text) => $"\"{Of(text)}\"";
}

using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Answers a page's confirm dialogs (the questions the dashboard asks before a stop, a cancel or a delete) and records
/// each question: dismissed until the test sets <see cref="Accept"/>, so a test can show that a refusal changes nothing
/// and then accept.
/// </summary>
public sealed class ConfirmDialogs
{
    private readonly ConcurrentQueue<string> _asked = new();
    private volatile bool _accept;

    private ConfirmDialogs(bool accept) => _accept = accept;

    /// <summary>Whether the next dialogs are accepted (true) or dismissed (false).</summary>
    public bool Accept
    {
        get => _accept;
        set => _accept = value;
    }

    /// <summary>The questions asked so far, oldest first.</summary>
    public IReadOnlyList<string> Asked => [.. _asked];

    /// <summary>Answers every dialog <paramref name="page"/> opens from now on, accepting them when <paramref name="accept"/>.</summary>
    public static ConfirmDialogs Answer(IPage page, bool accept = false)
    {
        var dialogs = new ConfirmDialogs(accept);
        page.Dialog += async (_, dialog) =>
        {
            dialogs._asked.Enqueue(dialog.Message);
            if (dialogs.Accept) await dialog.AcceptAsync(); else await dialog.DismissAsync();
        };
        return dialogs;
    }
}

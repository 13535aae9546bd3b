using Microsoft.Playwright;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Playwright driving Debian's chromium, headless, for one test; the browser closes and the driver stops when the
/// test's <c>await using</c> ends. Get the executable with <see cref="Chromium.Require"/> first thing in the test, so
/// a machine without chromium skips before starting anything.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    /// <summary>Launches <paramref name="chromium"/> with <see cref="Chromium.Arguments"/> and any <paramref name="arguments"/> after them.</summary>
    public static async Task<BrowserSession> LaunchAsync(string chromium, params string[] arguments)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = chromium, Headless = true, Args = [.. Chromium.Arguments, .. arguments],
            });
            return new BrowserSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a fresh context of its own (no cookies or storage shared with other pages).</summary>
    public Task<IPage> NewPageAsync() => Browser.NewPageAsync();

    /// <summary>Closes the browser now, e.g. before a server whose page holds a stream open is stopped.</summary>
    public Task CloseAsync() => Browser.CloseAsync();

    /// <summary>Saves a full-page screenshot under the test output's TestResults/screenshots and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

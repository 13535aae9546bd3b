using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Hangfire's pages and ours (which render in its layout) carry a real language in &lt;html lang&gt;: a host without a
/// locale wrote "iv", the invariant culture's code, which names no language.
/// </summary>
public sealed class PageLanguageTests
{
    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/hangfire/recurring")]
    [InlineData("/scheduler/schedules")]
    [InlineData("/hangfire/scheduler/workers")]
    public async Task Dashboard_pages_carry_a_real_language(string path)
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-lang");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var page = await dashboard.Http.GetStringAsync(path);

        var lang = Regex.Match(page, "<html lang=\"(?<lang>[^\"]*)\"").Groups["lang"].Value;
        Assert.NotEqual("iv", lang);
        // Hangfire still renders its page in full: its navigation and footer are there.
        Assert.Contains("navbar", page);
        Assert.Contains("Hangfire", page);
        // English where the host names no locale (this machine's, or a container's without LANG); a real locale is kept.
        var expected = CultureInfo.CurrentUICulture.Name.Length == 0 ? "en" : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Assert.Equal(expected, lang);
    }
}

using System.Globalization;

namespace Scheduler.Dashboard.Hosting;

/// <summary>
/// Hangfire's layout, which our pages render in too, writes <c>&lt;html lang&gt;</c> from the request's UI culture. A
/// host without a locale (a container without LANG) runs in the invariant culture, whose code "iv" names no language,
/// so screen readers and translation tools guess. Such a request is given English, the language the pages are written
/// in (Hangfire's neutral strings and ours); a host with a real locale keeps it, and Hangfire's translation for it.
/// </summary>
internal sealed class DashboardPageLanguage(RequestDelegate next)
{
    /// <summary>The language of the pages' own text.</summary>
    public const string Language = "en";

    // Null where cultures cannot be created (globalization-invariant mode): the pages then keep what Hangfire writes.
    private static readonly CultureInfo? English = Find();

    public async Task InvokeAsync(HttpContext context)
    {
        // Set inside this async method, the culture flows to the rest of this request only and is restored after it.
        if (English is not null && CultureInfo.CurrentUICulture.Name.Length == 0) CultureInfo.CurrentUICulture = English;
        await next(context);
    }

    private static CultureInfo? Find()
    {
        try { return CultureInfo.GetCultureInfo(Language); }
        catch (CultureNotFoundException) { return null; }
    }
}

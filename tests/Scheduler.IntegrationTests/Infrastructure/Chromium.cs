namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's chromium for browser tests. Playwright cannot download its own browsers here, and need not: the distro
/// build is the same major version. Install it with <c>scripts/install-test-prerequisites.sh</c>.
/// </summary>
public static class Chromium
{
    /// <summary>Set to a chromium binary to use one elsewhere.</summary>
    public const string PathVariable = "SCHEDULER_TEST_CHROMIUM";

    // The real binary first: /usr/bin/chromium is a wrapper script that prints a harmless warning.
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    /// <summary>Flags that keep a headless run quiet and offline (no updates, sync or first-run work).</summary>
    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>The executable to launch, or null when none is installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? [configured] : Candidates)
        .FirstOrDefault(File.Exists);

    /// <summary>The executable to launch; skips the calling test when none is installed.</summary>
    public static string Require()
    {
        var found = Find();
        Skip.If(found is null, MissingReason);
        return found!;
    }

    public const string MissingReason =
        "no chromium found (/usr/lib/chromium/chromium, /usr/bin/chromium or $" + PathVariable + "); install it with apt-get install -y chromium or scripts/install-test-prerequisites.sh";
}

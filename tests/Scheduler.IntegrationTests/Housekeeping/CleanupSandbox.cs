namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A real temporary directory tree for cleanup tests: <see cref="Allowed"/> is the one allowed root, <see cref="Logs"/>
/// the directory registered inside it, <see cref="Outside"/> a sibling no cleanup may touch. Deleted on dispose.
/// </summary>
public sealed class CleanupSandbox : IDisposable
{
    public CleanupSandbox()
    {
        Base = Path.Combine(Path.GetTempPath(), "scheduler-hk-" + Guid.NewGuid().ToString("N")[..12]);
        Allowed = Path.Combine(Base, "allowed");
        Logs = Path.Combine(Allowed, "logs");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(Outside);
    }

    public string Base { get; }
    public string Allowed { get; }
    public string Logs { get; }
    public string Outside { get; }
    public IReadOnlyList<string> Roots => [Allowed];

    /// <summary>Settings that grant a worker or dashboard the sandbox's allowed root.</summary>
    public Dictionary<string, string?> Settings() => new() { ["Scheduler:Housekeeping:AllowedRoots:0"] = Allowed };

    /// <summary>Writes <paramref name="size"/> bytes to <paramref name="name"/> in <paramref name="directory"/> (the logs by default), last written <paramref name="daysOld"/> days ago.</summary>
    public string Write(string name, double daysOld, int size = 10, string? directory = null)
    {
        var path = Path.Combine(directory ?? Logs, name);
        File.WriteAllBytes(path, new byte[size]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromDays(daysOld));
        return path;
    }

    /// <summary>The names of the files (and links) left directly in the logs directory, sorted.</summary>
    public IReadOnlyList<string> Remaining() =>
        [.. Directory.EnumerateFileSystemEntries(Logs).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        // Recursive delete removes links themselves, never what they point to.
        try { Directory.Delete(Base, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}

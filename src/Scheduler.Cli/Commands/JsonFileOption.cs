using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// An option that names a JSON file ('-' for stdin), as <c>--definition</c> and <c>--steps</c>: read up to
/// <see cref="MaxBytes"/>, then bound to <typeparamref name="T"/>, every failure one line naming the option and the file.
/// </summary>
internal static class JsonFileOption
{
    /// <summary>The largest file read: the REST API's body limit, so a definition the CLI takes is one the API would take.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static T Read<T>(string path, string option, string example, string? root = null) => Bind<T>(ReadBytes(path, option), option, path, example, root);

    /// <summary>The file's bytes, up to <see cref="MaxBytes"/>; every failure one line naming the option and the file.</summary>
    public static byte[] ReadBytes(string path, string option, int max = MaxBytes)
    {
        byte[] bytes;
        try
        {
            using var stream = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            bytes = ReadCapped(stream, option, path, max);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(path)) throw new CliException(ExitCodes.BadInput, $"{option} \"{path}\" is a directory; expected a JSON file");
            if (e is FileNotFoundException or DirectoryNotFoundException)
                throw new CliException(ExitCodes.BadInput, $"{option} \"{path}\" does not exist (looked for {Path.GetFullPath(path)}); expected a JSON file, or - for standard input");
            throw new CliException(ExitCodes.BadInput, $"{option} \"{path}\" cannot be read: {e.Message}");
        }
        return bytes;
    }

    /// <summary>
    /// At most <see cref="MaxBytes"/> of <paramref name="stream"/>: a longer one is refused after reading one byte more
    /// than the limit, never whole (a device such as /dev/zero has no end and no length).
    /// </summary>
    internal static byte[] ReadCapped(Stream stream, string option, string path, int max = MaxBytes)
    {
        if (stream.CanSeek && stream.Length > max) throw TooLarge(option, path, stream.Length, max);
        // Grown as read, not allocated at the limit: a 64 MiB limit should not cost 64 MiB for a small file.
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (buffer.Length <= max && stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max + 1 - buffer.Length)) is var n and > 0) buffer.Write(chunk, 0, n);
        if (buffer.Length > max) throw TooLarge(option, path, null, max);
        return buffer.ToArray();
    }

    /// <summary><paramref name="bytes"/> as <typeparamref name="T"/>; what is wrong in plain words (<see cref="JsonFileProblems"/>) when they are not one.</summary>
    internal static T Bind<T>(byte[] bytes, string option, string path, string example, string? root = null)
    {
        var json = Contracts.Scheduling.WallClockInstants.InZone(WithoutBom(bytes)).Span;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Strict)
                ?? throw new CliException(ExitCodes.BadInput, $"{option} \"{path}\" holds null; expected e.g. {example}");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new CliException(ExitCodes.BadInput, $"{option} \"{path}\" is not valid: {JsonFileProblems.Describe(e, json, root, example)}");
        }
    }

    /// <summary>The JSON of a file, without the byte order mark an editor may have put before it.</summary>
    internal static ReadOnlyMemory<byte> WithoutBom(byte[] bytes) => bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes;

    // A field given twice would keep the last silently, and a misspelt one ("mesage") be dropped: both refused, as the
    // REST API refuses them.
    private static readonly JsonSerializerOptions Strict = new(TaskTypes.JsonOptions)
    {
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Converters = { new InstantJsonConverter() },
        // Not stored with a task, so kept out of JSON and skipped unread: said instead.
        TypeInfoResolver = TaskTypes.JsonOptions.TypeInfoResolver!.WithAddedModifier(info =>
        {
            Contracts.Schedules.UnreadOptionFields.Refuse(info, "paused", Contracts.Schedules.UnreadOptionFields.PauseAtTop);
            Contracts.Schedules.UnreadOptionFields.Refuse(info, "replace", "\"replace\" is not read from a file: apply replaces what changed, and schedule replaces with --replace");
        }),
    };

    private static CliException TooLarge(string option, string path, long? length, int max) =>
        new(ExitCodes.BadInput, length is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"{option} \"{path}\" is {size:N0} bytes; the limit is {max:N0} bytes ({max / (1024 * 1024)} MiB)")
            : string.Create(CultureInfo.InvariantCulture, $"{option} \"{path}\" holds more than the limit of {max:N0} bytes ({max / (1024 * 1024)} MiB)"));
}

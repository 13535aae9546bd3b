using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>Reads JSON bodies with the task types' options, so every error is a 400 that names the problem.</summary>
internal static class ApiBody
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(TaskTypes.JsonOptions)
        {
            // Unknown fields are refused, so a misspelt option ("maxRun") is an error instead of being silently ignored.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // The web defaults read a number given as a string ("count": "5") as the number: every body's fields (the
            // options, a PATCH, a parse preview, a cleanup, a backfill, the task itself) take numbers only as JSON numbers.
            NumberHandling = JsonNumberHandling.Strict,
            // A field given twice ({"command": "env", "command": "rm"}) would keep the last silently: which one was meant is not guessed.
            AllowDuplicateProperties = false,
            TypeInfoResolver = TaskTypes.JsonOptions.TypeInfoResolver!.WithAddedModifier(StrictOptionFields.Apply),
        };
        // The contracts' enum converter also reads 1 (or "1") as the member with that value, even one that does not
        // exist; the API documents and answers enums by name only, so a number there is a wrong type like any other.
        for (var i = 0; i < options.Converters.Count; i++)
            if (options.Converters[i] is JsonStringEnumConverter)
                options.Converters[i] = new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
        options.Converters.Add(new InstantJsonConverter());
        return options;
    }

    /// <summary>
    /// Whether the request may carry a body: not with a Content-Length of 0, nor (HTTP/1.1) with neither a length nor
    /// chunks, which is how a client such as <c>curl -X POST</c> sends none, Content-Type or not.
    /// </summary>
    public static bool MayHaveBody(HttpRequest request) =>
        request.ContentLength is not 0 && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;

    /// <summary>An optional body as <typeparamref name="T"/>: null when none was sent, or a blank one.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request) where T : class
    {
        if (!MayHaveBody(request)) return null;
        request.EnableBuffering();
        using (var reader = new StreamReader(request.Body, leaveOpen: true))
            if (string.IsNullOrWhiteSpace(await reader.ReadToEndAsync(request.HttpContext.RequestAborted))) return null;
        request.Body.Position = 0;
        return await ReadAsync<T>(request);
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>; <paramref name="complete"/> may first rewrite it (a PATCH's task given as
    /// fields to change becomes the whole definition), and answers the bytes unchanged when it has nothing to add.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, Func<ReadOnlyMemory<byte>, Task<ReadOnlyMemory<byte>>>? complete = null) where T : class
    {
        // Before the Content-Type: `curl -X POST` sends neither, and "Content-Type is missing" would hide that the body is.
        if (!MayHaveBody(request)) throw Missing<T>(request, "none was sent");
        RequireJson(request);
        // Held whole (Kestrel caps bodies at 1 MiB) so that a type error can say what the body held at its field.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        ReadOnlyMemory<byte> body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        // The reader's own words for this ("does not contain any JSON tokens ... isFinalBlock") name none of what was wanted.
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty) throw Missing<T>(request, body.IsEmpty ? "the body sent is empty" : "the body sent is blank");
        if (complete is not null) body = await complete(body);
        body = Contracts.Scheduling.WallClockInstants.InZone(body);
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, Strict)
                ?? throw new ApiInputException("the body is null; expected a JSON object");
        }
        catch (JsonException e) when (JsonProblems.TaskTypeProblem(e) is { } problem)
        {
            throw problem;
        }
        catch (JsonException e)
        {
            // For JsonProblems: what the body was read as, and what it held at the field.
            e.Data[JsonProblems.BodyKey] = typeof(T);
            if (JsonGiven.At(body, e.Path) is { } given) e.Data[JsonGiven.DataKey] = given;
            throw;
        }
        catch (NotSupportedException e)
        {
            throw JsonProblems.TaskTypeProblem(e) ?? JsonProblems.Unsupported(e, typeof(T));
        }
    }

    /// <summary>
    /// Refuses a body not declared as JSON in UTF-8: a Content-Type other than <c>application/json</c> (or a
    /// <c>+json</c> type; <c>application/jsonx</c> is not one), or a charset other than UTF-8, which the body would
    /// not be read in. <paramref name="what"/> says what the body is, in the message.
    /// </summary>
    public static void RequireJson(HttpRequest request, string? what = null)
    {
        var expected = "expected application/json" + (what is null ? "" : $" ({what})");
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
            throw new ApiInputException($"Content-Type is {Echo.Quoted(request.ContentType ?? "missing")}; {expected}");
        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset);
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            throw new ApiInputException($"Content-Type's charset is {Echo.Quoted(charset.Value ?? "")}; the body is read as UTF-8: send it in UTF-8, with charset=utf-8 or none");
    }

    /// <summary><paramref name="json"/> as <typeparamref name="T"/>, read as strictly as a body; for JSON a route has checked already.</summary>
    internal static T Read<T>(ReadOnlySpan<byte> json) where T : class =>
        JsonSerializer.Deserialize<T>(json, Strict) ?? throw new ApiInputException("the body is null; expected a JSON object");

    private static ApiInputException Missing<T>(HttpRequest request, string what) =>
        new($"{request.Method} {request.Path} needs a JSON body and {what}; expected {JsonProblems.Expected(typeof(T))}");

    /// <summary>
    /// Where a field <paramref name="name"/>, unknown in an object of <paramref name="container"/>, belongs when one of
    /// that object's own objects takes it ("timeZone" in a schedule body → "options.timeZone"); null when none does.
    /// </summary>
    public static string? HomeOf(Type container, string name)
    {
        foreach (var property in Strict.GetTypeInfo(container).Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string) || Strict.GetTypeInfo(type).Kind != JsonTypeInfoKind.Object) continue;
            if (FieldsOf(type).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: { } found })
                return $"{property.Name}.{found}";
        }
        return null;
    }

    /// <summary>The fields a body of <paramref name="type"/> takes, by their JSON names, and whether each is required.</summary>
    public static IEnumerable<(string Name, bool Required)> FieldsOf(Type type)
    {
        // A task's "type" is the discriminator its options read, not a property of its own.
        var discriminator = typeof(TaskDefinition).IsAssignableFrom(type) ? [("type", true)] : Array.Empty<(string, bool)>();
        return discriminator.Concat(Strict.GetTypeInfo(type).Properties
            .Where(p => p.Set is not null || p.AssociatedParameter is not null)
            .Select(p => (p.Name, p.IsRequired)));
    }
}

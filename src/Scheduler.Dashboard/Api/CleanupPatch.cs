using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>PATCH /api/cleanup/{id}</c>: the fields a body gives over the stored ones (<c>{"retentionDays": 60}</c>; null removes
/// an optional one), as <c>scheduler cleanup update</c> changes only the options given, where a PUT replaces every field.
/// </summary>
internal static class CleanupPatch
{
    public static async Task<IResult> PatchAsync(string id, HttpRequest request, IConfiguration configuration)
    {
        var client = request.HttpContext.ActingClient();
        if (await client.GetCleanupAsync(id) is not { } stored) return CleanupApi.NotFound(id);
        JsonObject? patch = null;
        // Read over the stored fields as strictly as a whole registration, so a misspelt or mistyped field is named.
        await ApiBody.ReadAsync<CleanupRequest>(request, body => Task.FromResult(Over(stored.ToRequest(), body, out patch)));
        if (patch is { Count: 0 })
            throw new ApiInputException($"nothing to change; expected at least one of {string.Join(", ", ApiBody.FieldsOf(typeof(CleanupRequest)).Select(f => f.Name))}");
        try
        {
            // Applied to the registration as it is at the write, so a change made meanwhile to another field is kept.
            var updated = await client.UpdateCleanupAsync(id, current => ApiBody.Read<CleanupRequest>(Over(current, patch!)), CleanupApi.AllowedRoots(configuration));
            return updated is null ? CleanupApi.NotFound(id) : Results.Ok(updated);
        }
        catch (InvalidCleanupException e)
        {
            return CleanupApi.Invalid(e);
        }
    }

    // The body's fields over the current ones'; a body that is no JSON object goes on as it came, for the strict reading to judge.
    private static ReadOnlyMemory<byte> Over(CleanupRequest current, ReadOnlyMemory<byte> body, out JsonObject? patch)
    {
        patch = null;
        try { patch = JsonNode.Parse(body.Span) as JsonObject; _ = patch?.Count; }
        catch (Exception e) when (e is JsonException or ArgumentException) { patch = null; }
        return patch is null ? body : Over(current, patch);
    }

    private static byte[] Over(CleanupRequest current, JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(current, TaskTypes.JsonOptions)!.AsObject();
        foreach (var (name, value) in patch)
        {
            // Replaced under the stored name whatever its case, as the reading takes any case: never two of one field.
            var known = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            merged[known ?? name] = value?.DeepClone();
        }
        return JsonSerializer.SerializeToUtf8Bytes(merged);
    }
}

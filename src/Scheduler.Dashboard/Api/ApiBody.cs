using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>Reads JSON bodies with the task types' options, so every error is a 400 that names the problem.</summary>
internal static class ApiBody
{
    // Unknown fields are refused, so a misspelt option ("maxRun") is an error instead of being silently ignored.
    private static readonly JsonSerializerOptions Strict = new(TaskTypes.JsonOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiInputException($"Content-Type is \"{request.ContentType ?? "missing"}\"; expected application/json");
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Strict)
                ?? throw new ApiInputException("the body is null; expected a JSON object");
        }
        catch (NotSupportedException e)
        {
            throw new ApiInputException($"the body cannot be read: {e.Message.Split('.')[0]}; known task types: {string.Join(", ", TaskTypes.Names)}");
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// The JSON form of a method call's arguments and result; the client and the worker must agree on it. Fields are
/// included so tuples and public fields keep their values.
/// </summary>
internal static class MethodCallJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IncludeFields = true,
            MaxDepth = 32,
            // Results are read by people in the history; every page that shows them encodes HTML itself.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

internal static partial class JsonProblems
{
    /// <summary>
    /// A task whose <c>"type"</c> is missing or names no task type, as a problem at that field listing the task types;
    /// null for any other error. The serializer's words name the abstract .NET type and call the field a "type
    /// discriminator".
    /// </summary>
    public static ApiInputException? TaskTypeProblem(Exception e)
    {
        var types = string.Join(", ", TaskTypes.Names);
        if (UnknownDiscriminator().Match(e.Message) is { Success: true } unknown)
        {
            var at = TypeField(e);
            return new ApiInputException($"{at} {Echo.Quoted(unknown.Groups["id"].Value)} is not a task type; expected one of {types}", at);
        }
        if (e is NotSupportedException && e.Message.Contains("must specify a type discriminator", StringComparison.Ordinal))
        {
            var at = TypeField(e);
            return new ApiInputException($"{at} is missing; expected one of the task types {types}, as in {{\"type\": \"notification\", \"message\": \"hi\"}}", at);
        }
        return null;
    }

    /// <summary>Any other type the serializer will not read, in words that name the field but no .NET type.</summary>
    public static ApiInputException Unsupported(NotSupportedException e, Type body)
    {
        var at = Field(PathOf(e));
        return new ApiInputException($"the body cannot be read{(at is null ? "" : $" at {at}")}; expected {Expected(body)}", at);
    }

    // The task's "type" field at the error's path ("$.task", or "$.task.type" itself).
    private static string TypeField(Exception e) => Field(PathOf(e)) switch
    {
        null => "type",
        var field when field == "type" || field.EndsWith(".type", StringComparison.Ordinal) => field,
        var field => field + ".type",
    };

    // A NotSupportedException carries the path only in its message (" Path: $.task | LineNumber: …").
    private static string? PathOf(Exception e) =>
        (e as JsonException)?.Path ?? (MessagePath().Match(e.Message) is { Success: true } path ? path.Groups["path"].Value : null);

    [GeneratedRegex("unrecognized type discriminator id '(?<id>.*)'", RegexOptions.Singleline)]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex(@"Path: (?<path>\$\S*)")]
    private static partial Regex MessagePath();
}

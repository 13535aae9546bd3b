namespace Scheduler.Dashboard.Api;

/// <summary>A request that is well-formed JSON but says something unusable (missing field, bad number).</summary>
/// <param name="message">What is wrong and what is accepted.</param>
/// <param name="field">The request field it is about (JSON names: "task.type", "limit"), when the message does not start with it.</param>
internal sealed class ApiInputException(string message, string? field = null) : Exception(message)
{
    /// <summary>The request field the problem is about, when given; otherwise read from the message.</summary>
    public string? Field { get; } = field;
}

using System.Text.Json.Serialization;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// One problem of a request, with the request field it is about (JSON names: "spec", "maxRuns", "task.message", a
/// query parameter's name); answered as <c>{"field", "message"}</c> in a 400's <c>errors</c>.
/// </summary>
/// <param name="Field">The field; null (written as such, so every entry has the same shape) when the problem is about
/// the request as a whole: a body that is no JSON object, a body where none is taken.</param>
/// <param name="Message">What is wrong and what is accepted.</param>
internal sealed record FieldError([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Field, string Message);

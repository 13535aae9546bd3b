namespace Scheduler.Dashboard.Api;

/// <summary>A request that is well-formed JSON but says something unusable (missing field, bad number).</summary>
internal sealed class ApiInputException : Exception
{
    /// <param name="message">What is wrong and what is accepted.</param>
    /// <param name="field">The request field it is about (JSON names: "task.type", "limit"), when the message does not start with it.</param>
    public ApiInputException(string message, string? field = null) : base(message) => Field = field;

    // Several problems of one request, each with its field: the detail joins them with "; ", as a task's problems are.
    private ApiInputException(IReadOnlyList<ApiInputException> problems) : base(string.Join("; ", problems.Select(p => p.Message))) =>
        Problems = problems;

    /// <summary>The request field the problem is about, when given; otherwise read from the message.</summary>
    public string? Field { get; }

    /// <summary>Each problem of a request that had several (<see cref="Of"/>); empty for one.</summary>
    public IReadOnlyList<ApiInputException> Problems { get; } = [];

    /// <summary>The one problem itself, or all of them named in one answer (a 400 lists each with its field).</summary>
    public static ApiInputException Of(IReadOnlyList<ApiInputException> problems) => problems.Count == 1 ? problems[0] : new(problems);
}

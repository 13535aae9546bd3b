namespace Scheduler.Dashboard.Api;

/// <summary>A schedule request names when to run either as text (<c>spec</c>) or structured (<c>schedule</c>), never both.</summary>
internal static class StructuredSpec
{
    /// <summary>The text spec, or null when the structured schedule is to be used.</summary>
    /// <exception cref="ApiInputException">Neither or both are given.</exception>
    public static string? Check(ScheduleRequest body)
    {
        var hasSpec = !string.IsNullOrWhiteSpace(body.Spec);
        if (hasSpec && body.Schedule is not null)
            throw new ApiInputException("both \"spec\" and \"schedule\" are given; expected one of them");
        if (!hasSpec && body.Schedule is null)
            throw new ApiInputException("\"spec\" is missing; expected e.g. \"in 5 minutes\" or \"every weekday at 9am\", or a structured \"schedule\" such as {\"intervalType\": \"hours\", \"intervalValue\": 2, \"nextExecution\": \"2026-12-01T09:00:00Z\"}");
        return hasSpec ? body.Spec : null;
    }
}

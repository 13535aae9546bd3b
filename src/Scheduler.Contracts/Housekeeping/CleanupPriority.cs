namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// The order in which cleanup registrations that run together are cleaned: <c>cleanup run</c> without an id, a
/// <c>cleanup</c> task without a registration id, or several registrations due in one look of a worker. Higher
/// priority runs first; equal priorities run in registration order (oldest first). The run's report lists the
/// registrations in the order they ran.
/// </summary>
public static class CleanupPriority
{
    /// <summary>The priority of a registration that names none: 0.</summary>
    public const int Default = 0;

    /// <summary>The lowest priority accepted: -1000.</summary>
    public const int Min = -1000;

    /// <summary>The highest priority accepted: 1000.</summary>
    public const int Max = 1000;

    /// <summary>The problem with <paramref name="priority"/>, or null when it is accepted.</summary>
    internal static string? Validate(int priority) =>
        priority is < Min or > Max
            ? $"cleanup \"priority\" is {priority}; expected a whole number from {Min} to {Max} (higher runs first, {Default} when not given)"
            : null;

    /// <summary>
    /// <paramref name="registrations"/>, given in registration order, in the order they run: higher priority first,
    /// registration order among equals (the sort is stable).
    /// </summary>
    internal static IReadOnlyList<CleanupRegistration> InRunOrder(IEnumerable<CleanupRegistration> registrations) =>
        [.. registrations.OrderByDescending(r => r.Priority)];
}

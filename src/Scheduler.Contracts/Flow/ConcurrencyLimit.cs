namespace Scheduler.Contracts.Flow;

/// <summary>
/// At most <see cref="Limit"/> occurrences whose <see cref="Key"/> resolves to the same text run at once across the
/// cluster; the others wait in the order they became ready (they do not fail) and start as slots free.
/// </summary>
/// <param name="Key">
/// A name shared by the tasks that compete for one resource, e.g. <c>"backups"</c>, or a template over the task's own
/// fields as in its JSON: <c>"mcp:{serverName}"</c>, <c>"shell:{workingDirectory}"</c>, <c>"{type}:{title}"</c>
/// (<c>{a.b}</c> reads a nested field). A placeholder must name a text, number or true/false field the task has.
/// </param>
/// <param name="Limit">How many may run at once, 1 to 10,000.</param>
public sealed record ConcurrencyLimit(string Key, int Limit);

namespace Scheduler.Dashboard.Security;

/// <summary>Who valid credentials name, and whether they are the viewer's (read-only) ones.</summary>
internal sealed record Caller(string Name, bool ReadOnly);

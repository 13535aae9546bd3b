namespace Scheduler.Dashboard.Api;

/// <summary>A request that is well-formed JSON but says something unusable (missing field, bad number).</summary>
internal sealed class ApiInputException(string message) : Exception(message);

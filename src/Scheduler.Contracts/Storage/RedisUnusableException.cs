namespace Scheduler.Contracts.Storage;

/// <summary>
/// Redis answered, but Scheduler cannot work on it (<see cref="RedisReadiness"/>); the message is one line that names
/// the cause and the fix, with no password. Waiting does not help: a component stops, the CLI exits.
/// </summary>
internal sealed class RedisUnusableException(string message) : Exception(message);

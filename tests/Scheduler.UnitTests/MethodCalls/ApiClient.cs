namespace Scheduler.UnitTests.MethodCalls;

/// <summary>An allowed type that inherits a framework type's public methods, none of which a task may call through it.</summary>
public class ApiClient : HttpClient
{
    public string Ping() => "pong";
}

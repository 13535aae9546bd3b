using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Mcp;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// A worker stopped while a stdio MCP server is still starting (the tool catalog starts them as the worker starts) stops
/// that server: the connection under way is given up, not finished after the pool let go of it, which left the server
/// process running with no one to stop it.
/// </summary>
public sealed class McpPoolDisposeTests
{
    [Fact]
    public async Task Disposing_the_pool_while_a_stdio_server_is_starting_stops_that_server()
    {
        using var dir = TestPaths.CreateTempDirectory("mcp-pool-dispose");
        var pidFile = dir.File("pid");
        var options = new McpOptions();
        // The shell writes its pid, waits, then becomes the server (same pid): connected a second or two after dispose.
        options.Servers["slow"] = new McpServerOptions
        {
            Transport = McpTransport.Stdio, Command = "sh",
            Args = ["-c", $"echo $$ > '{pidFile}'; sleep 1; exec dotnet '{TestPaths.McpTestServerDll}'"],
        };
        var pool = new McpClientPool(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);
        var connecting = pool.GetAsync("slow", CancellationToken.None);
        var pid = await ProcessProbe.ReadPidAsync(pidFile);
        try
        {
            await pool.DisposeAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => connecting);
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(8), $"MCP server process {pid} to stop");
        }
        finally
        {
            ProcessProbe.KillIfAlive(pid);
        }
    }
}

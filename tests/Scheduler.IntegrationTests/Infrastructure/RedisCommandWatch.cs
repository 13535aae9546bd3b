using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Watches the commands a test's Redis executes (MONITOR, on a connection of its own) and runs an action the moment one
/// holding a given text is executed: a test can so act between two reads a client makes, a moment nothing else marks.
/// The action runs once; commands after it are not read.
/// </summary>
public sealed class RedisCommandWatch : IAsyncDisposable
{
    private readonly TcpClient _connection;
    private readonly Task _reading;
    private readonly TaskCompletionSource _acted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisCommandWatch(TcpClient connection, StreamReader reader, string text, Func<Task> action)
    {
        _connection = connection;
        _reading = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (!line.Contains(text, StringComparison.Ordinal)) continue;
                    await action();
                    _acted.TrySetResult();
                    return;
                }
            }
            catch (Exception e) { _acted.TrySetException(e); }
        });
    }

    /// <summary>Completes once the command was seen and the action has run (faulted when the action failed).</summary>
    public Task Acted => _acted.Task;

    /// <summary>Starts watching <paramref name="redis"/>'s first endpoint for a command whose MONITOR line holds <paramref name="text"/>.</summary>
    public static async Task<RedisCommandWatch> StartAsync(IConnectionMultiplexer redis, string text, Func<Task> action)
    {
        var (host, port) = redis.GetEndPoints()[0] switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            var other => throw new InvalidOperationException($"cannot watch {other}"),
        };
        var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(host, port);
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"));
            var reader = new StreamReader(stream, Encoding.UTF8);
            if (await reader.ReadLineAsync() is not "+OK") throw new InvalidOperationException("Redis refused MONITOR");
            return new RedisCommandWatch(connection, reader, text, action);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        try { await _reading; }
        catch (Exception) { } // the reading ends with the connection
    }
}

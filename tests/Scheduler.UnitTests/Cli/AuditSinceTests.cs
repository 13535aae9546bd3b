using Microsoft.Extensions.Time.Testing;
using Scheduler.Cli;
using Scheduler.Cli.Commands;

namespace Scheduler.UnitTests.Cli;

/// <summary><c>audit --since</c>: a duration back or an instant, checked against where the audit log can begin.</summary>
public sealed class AuditSinceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 3, 30, 0, TimeSpan.Zero);

    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, _ => null) { Time = new FakeTimeProvider(Now) };

    [Fact]
    public void Audit_since_before_1970_is_refused_naming_where_the_log_begins()
    {
        var context = Context();
        var error = Assert.Throws<CliException>(() => AuditCommand.Since(context, "1960-01-01T00:00"));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("--since \"1960-01-01T00:00\" is 1960-01-01 00:00:00.000 +00:00, before the audit log can begin; expected an instant on or after 1970-01-01T00:00Z", error.Message);
        Assert.Equal(DateTimeOffset.UnixEpoch, AuditCommand.Since(context, "1970-01-01T00:00Z"));
        Assert.Equal(Now - TimeSpan.FromDays(2), AuditCommand.Since(context, "2d"));
    }
}

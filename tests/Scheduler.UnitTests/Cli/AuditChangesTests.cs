using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Audit;

namespace Scheduler.UnitTests.Cli;

/// <summary>The CHANGES column of <c>scheduler audit</c>: field values as JSON, written for a terminal.</summary>
public sealed class AuditChangesTests
{
    [Fact]
    public void Plus_signs_and_non_ascii_letters_print_as_themselves_not_as_unicode_escapes()
    {
        var entry = new AuditEntry("1-0", DateTimeOffset.UnixEpoch, "alice", "update", "t1",
            new JsonObject { ["options.endAt"] = null, ["task.message"] = "café" },
            new JsonObject { ["options.endAt"] = "2026-12-04T05:35:01.64+00:00", ["task.message"] = "Grüße <b>&" }, null);

        var changes = AuditCommand.Changes(entry);

        Assert.Equal("options.endAt: (none) → \"2026-12-04T05:35:01.64+00:00\"; task.message: \"café\" → \"Grüße <b>&\"", changes);
        Assert.DoesNotContain("\\u", changes);
    }
}

using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>Generated bad schedule specs and bad task definitions, each one the system must reject with a clear error.</summary>
public static class HostileInputs
{
    private static readonly string[] SpecSeeds =
    [
        "", "   ", "\0", "\u0001\u0002", "every", "in", "at", "cron:", "every munday at 9am", "in -5 minutes", "in 0 seconds",
        "in 99999999999 years", "every 0 minutes", "cron:61 * * * *", "*/0 * * * *", "cron:* * * * * * * *", "at:2020-01-01T00:00:00Z",
        "at:not-a-date", "tomorrow at 25:00", "every day at 13pm", "on feb 30 at 9am", "every 2 days at 9am", "every 7 months",
        "next blursday", "in 5 fortnights", "every 1h30", "@sometimes", "at:9999-12-31T23:59:59Z+99:00", "every -1s", "in 1e9 seconds",
        "every day at 9am and 5:30pm", "cron:0 9 * * MON-FUNDAY", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}",
        "every 5 minutes; rm -rf /", "in 5 minutes\nand more", "日本語のスケジュール", "🙂 every day", new string('9', 300),
        new string('a', 100_000), "every " + new string('1', 60) + " seconds", "cron:H * * * *", "in:", "every:", "at:", "in:5x",
    ];

    /// <summary>At least <paramref name="count"/> specs the parser rejects: the seeds plus seeded random mutations and noise.</summary>
    public static IReadOnlyList<string> Specs(int count)
    {
        var random = new Random(7);
        var valid = new[] { "in 5 minutes", "every weekday at 9am", "cron:*/5 * * * *", "every 90 minutes", "tomorrow at 2pm", "at:2030-01-01T00:00:00Z" };
        var result = new List<string>();
        foreach (var candidate in SpecSeeds.Concat(Enumerable.Range(0, count * 20).Select(i => i % 3 == 0
                     ? Mutate(valid[random.Next(valid.Length)], random)
                     : Noise(random))))
        {
            if (IsRejected(candidate) && !result.Contains(candidate)) result.Add(candidate);
            if (result.Count >= count) break;
        }
        return result;
    }

    private static bool IsRejected(string spec)
    {
        try { ScheduleParser.Parse(spec, new ScheduleParseOptions()); return false; }
        catch (ScheduleSpecException) { return true; }
    }

    private static string Mutate(string valid, Random random)
    {
        var chars = valid.ToCharArray();
        chars[random.Next(chars.Length)] = (char)random.Next(33, 127);
        return new string(chars) + (random.Next(3) == 0 ? " zz" : "");
    }

    private static string Noise(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 40); i > 0; i--) text.Append((char)random.Next(random.Next(2) == 0 ? 32 : 0, random.Next(2) == 0 ? 127 : 0x3000));
        return text.ToString();
    }

    /// <summary>Task definitions that fail validation, as records (client) — each also has a JSON form (REST, CLI).</summary>
    public static IReadOnlyList<TaskDefinition> Definitions()
    {
        var bad = new List<TaskDefinition>
        {
            new NotificationTask(""), new NotificationTask("   "), new NotificationTask(new string('x', 70_000)),
            new ShellTask(""), new ShellTask("   "), new McpToolTask("", "tool"), new McpToolTask("server", ""),
            new PluginCommandTask("", "cmd"), new PluginCommandTask("plugin", ""),
            new SequenceTask([]),
            new SequenceTask([new SequenceStep("a", new NotificationTask("x"), ["b"]), new SequenceStep("b", new NotificationTask("y"), ["a"])]),
            new SequenceTask([new SequenceStep("a", new NotificationTask("x"), ["missing"])]),
            new SequenceTask([new SequenceStep("a", new NotificationTask("x")), new SequenceStep("a", new NotificationTask("y"))]),
        };
        var policies = new[]
        {
            new ExecutionPolicy(MaxRetries: -1), new ExecutionPolicy(MaxRetries: 1000), new ExecutionPolicy(SoftTimeout: TimeSpan.FromSeconds(-1)),
            new ExecutionPolicy(HardTimeout: TimeSpan.Zero), new ExecutionPolicy(SoftTimeout: TimeSpan.FromMinutes(5), HardTimeout: TimeSpan.FromMinutes(1)),
            new ExecutionPolicy(BackoffBase: TimeSpan.FromDays(2)), new ExecutionPolicy(BackoffMax: TimeSpan.FromDays(30)),
        };
        foreach (var policy in policies)
        {
            bad.Add(new NotificationTask("ok") { Execution = policy });
            bad.Add(new ShellTask("echo") { Execution = policy });
        }
        return bad;
    }

    /// <summary>Request bodies that are malformed before validation even starts: syntax, types, unknown fields, nesting.</summary>
    public static IReadOnlyList<string> MalformedBodies()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++) deep.Append("{\"a\":");
        deep.Append('1').Append('}', 200);
        return
        [
            "", "{", "}", "[]", "null", "42", "\"text\"", "{\"task\": 5, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"notification\"}, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"notification\", \"message\": 7}, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\", \"level\": \"loud\"}, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": 5}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"extra\": true}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\", \"bogus\": 1}, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"shell\", \"command\": \"ls\", \"args\": \"not-a-list\"}, \"spec\": \"in 5 minutes\"}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"options\": {\"maxRuns\": 1e99}}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"options\": {\"jitter\": \"forever\"}}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"options\": {\"misfire\": \"sometimes\"}}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"options\": {\"queue\": \"UPPER*\"}}",
            "{\"task\": {\"type\": \"notification\", \"message\": \"x\"}, \"spec\": \"in 5 minutes\", \"options\": {\"tags\": [\"\"]}}",
            "{\"task\": {\"type\": \"sequence\", \"steps\": [{\"id\": \"a\"}]}, \"spec\": \"in 5 minutes\"}",
            deep.ToString(), "\u0000\u0001\u0002", "{\"task\": {\"type\": \"notification\", \"message\": \"\\ud800\"}, \"spec\": \"in 5 minutes\"}",
        ];
    }

    public static string Body(TaskDefinition task, string spec) =>
        JsonSerializer.Serialize(new { task, spec }, TaskTypes.JsonOptions);
}

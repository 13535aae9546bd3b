using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The Flow control page: every concurrency key and rate budget set, with what holds and waits on it now, the runs
/// waiting at the gate and until when, and the debounced one-shots deferring their run; the gate's state written by
/// the gate's own store calls, as a worker makes them.
/// </summary>
public sealed class FlowPageTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30), Stale = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Each_key_shows_its_limit_holders_and_waiters_and_the_held_back_runs_say_until_when()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-page");
        var client = redis.CreateClient(verifyWorkers: false);
        var backups = new ScheduleOptions { Concurrency = new ConcurrencyLimit("backups", 1) };
        await client.ScheduleAsync(new NotificationTask("db"), "every 1 hour", backups with { Id = "nightly-db", Name = "Nightly <db>" });
        await client.ScheduleAsync(new NotificationTask("files"), "every 1 hour", backups with { Id = "nightly-files", Name = "nightly files" });
        await client.ScheduleAsync(new NotificationTask("mail"), "every 1 hour", new ScheduleOptions { Id = "mailer", Name = "mailer", RateLimit = new RateLimit("mail", 2, TimeSpan.FromHours(1)) });
        await client.ScheduleAsync(new NotificationTask("old"), "every 1 hour", new ScheduleOptions { Id = "old", Concurrency = new ConcurrencyLimit("old-key", 1) });
        await client.CancelAsync("old");
        await client.ScheduleAsync(new NotificationTask("plain"), "every 1 hour", new ScheduleOptions { Id = "plain" });
        var debounced = await client.ScheduleAsync(new NotificationTask("reindex"), "in 1 second",
            new ScheduleOptions { Name = "reindex", Debounce = new Debounce("reindex", TimeSpan.FromMinutes(5)) });

        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var slot = new FlowKeys("backups", 1, null, 0, TimeSpan.Zero);
        var rate = new FlowKeys(null, 0, "mail", 2, TimeSpan.FromHours(1));
        Task<FlowGateReply> Pass(string run, FlowKeys keys) =>
            store.PassFlowGateAsync(run, run.Split(':')[0], keys, "job-" + run, "default", Lease, Stale);
        Assert.True((await Pass("nightly-db:r1", slot)).Go);
        Assert.False((await Pass("nightly-files:r2", slot)).Go);
        var firstStart = DateTimeOffset.UtcNow;
        Assert.True((await Pass("mailer:r1", rate)).Go);
        Assert.True((await Pass("mailer:r2", rate)).Go);
        var throttled = await Pass("mailer:r3", rate);
        Assert.False(throttled.Go);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync("/scheduler/flow");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("href=\"/scheduler/flow\"", html);
        Assert.Equal(("2", "1", "1", "1"), (Count(html, "flow-summary-waiting"), Count(html, "flow-summary-full"),
            Count(html, "flow-summary-throttled"), Count(html, "flow-summary-debounced")));

        var backupsRow = Row(html, "flow-concurrency", "data-key", "backups");
        Assert.Equal(("1", "1"), (Cell(backupsRow, "flow-limit"), Cell(backupsRow, "flow-waiting")));
        Assert.StartsWith("1 of 1 full", Cell(backupsRow, "flow-holding"));
        Assert.Matches(@"^nightly-db:r1 \(lease to \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$", Cell(backupsRow, "flow-holder", "small"));
        Assert.Equal("Nightly <db>, nightly files", Cell(backupsRow, "flow-tasks"));
        Assert.Contains("href=\"/scheduler/schedules/nightly-db\">Nightly &lt;db&gt;</a>", backupsRow);
        Assert.DoesNotContain("<db>", html);
        // A key only a cancelled task set, with nothing holding or waiting on it, is no limit any more.
        Assert.DoesNotContain("data-key=\"old-key\"", html);
        Assert.DoesNotContain(">plain<", html);

        var mailRow = Row(html, "flow-rate", "data-key", "mail");
        Assert.Equal(("2 per 1h", "2 of 2", "1"), (Cell(mailRow, "flow-budget"), Cell(mailRow, "flow-started"), Cell(mailRow, "flow-waiting")));
        var until = Regex.Match(Cell(mailRow, "flow-next-start"), @"^throttled until (.+)Z$");
        Assert.True(until.Success, Cell(mailRow, "flow-next-start"));
        var allowed = DateTimeOffset.ParseExact(until.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(allowed, firstStart.AddHours(1).AddSeconds(-2), firstStart.AddHours(1).AddSeconds(2));

        var slotWaiter = Row(html, "flow-waiter", "data-run-id", "nightly-files:r2");
        Assert.Equal(("nightly files", "concurrency backups", "when a slot frees"),
            (Cell(slotWaiter, "flow-task"), Cell(slotWaiter, "flow-for"), Cell(slotWaiter, "flow-turn")));
        var rateWaiter = Row(html, "flow-waiter", "data-run-id", "mailer:r3");
        Assert.Equal(("rate mail", $"deferred until {Cell(mailRow, "flow-next-start")["throttled until ".Length..]}"),
            (Cell(rateWaiter, "flow-for"), Cell(rateWaiter, "flow-turn")));
        Assert.Equal(throttled.RetryAt!.Value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), Cell(rateWaiter, "flow-turn")["deferred until ".Length..]);

        // The same over REST.
        var api = System.Text.Json.JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/flow")).RootElement;
        var line = Assert.Single(api.GetProperty("concurrency").EnumerateArray());
        Assert.Equal(("backups", 1, true, 1), (line.GetProperty("key").GetString(), line.GetProperty("limit").GetInt32(), line.GetProperty("full").GetBoolean(), line.GetProperty("waiting").GetInt32()));
        Assert.Equal("nightly-db:r1", Assert.Single(line.GetProperty("holding").EnumerateArray()).GetProperty("runId").GetString());
        var budget = Assert.Single(api.GetProperty("rates").EnumerateArray());
        Assert.Equal(("mail", "1h", 2, throttled.RetryAt), (budget.GetProperty("key").GetString(), budget.GetProperty("per").GetString(),
            budget.GetProperty("started").GetInt32(), (DateTimeOffset?)budget.GetProperty("nextStartAt").GetDateTimeOffset()));
        Assert.Equal(["mailer:r3", "nightly-files:r2"], api.GetProperty("waiters").EnumerateArray().Select(w => w.GetProperty("runId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(debounced.Id, Assert.Single(api.GetProperty("debounces").EnumerateArray()).GetProperty("taskId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.GetAsync("/api/flow?key=backups")).StatusCode);

        // A task's own page points at the overview of the keys it shares; one without flow options does not.
        Assert.Contains("data-testid=\"detail-flow-overview\" href=\"/scheduler/flow\"", await dashboard.Http.GetStringAsync("/scheduler/schedules/nightly-db"));
        Assert.DoesNotContain("detail-flow-overview", await dashboard.Http.GetStringAsync("/scheduler/schedules/plain"));

        var debounceRow = Row(html, "flow-debounce", "data-key", "reindex");
        Assert.Equal(("5m", "reindex"), (Cell(debounceRow, "flow-window"), Cell(debounceRow, "flow-task")));
        Assert.Equal($"deferred until {debounced.NextRunAt!.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}", Cell(debounceRow, "flow-due"));
    }

    [Fact]
    public async Task Without_any_flow_limit_the_page_says_so_in_each_section()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-page-empty");
        await redis.CreateClient(verifyWorkers: false).ScheduleAsync(new NotificationTask("plain"), "every 1 hour", new ScheduleOptions { Id = "plain" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var html = await dashboard.Http.GetStringAsync("/scheduler/flow");

        Assert.Contains("data-testid=\"flow-no-concurrency\">No task sets a concurrency limit.<", html);
        Assert.Contains("data-testid=\"flow-no-rates\">No task sets a rate limit.<", html);
        Assert.Contains("data-testid=\"flow-no-waiters\">No run waits for a concurrency slot or a rate limit.<", html);
        Assert.Contains("data-testid=\"flow-no-debounces\">No debounced one-shot is pending.<", html);
        Assert.Equal("0", Count(html, "flow-summary-waiting"));
    }

    private static string Count(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\" data-count=\"(\\d+)\"").Groups[1].Value;

    private static string Row(string html, string testId, string attribute, string value)
    {
        var match = Regex.Match(html, $"<tr data-testid=\"{testId}\" {attribute}=\"{Regex.Escape(WebUtility.HtmlEncode(value))}\"[^>]*>.*?</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} row for {value}");
        return match.Value;
    }

    /// <summary>An element's text, decoded, with our own markup (labels, holders) taken out.</summary>
    private static string Cell(string row, string testId, string element = "td")
    {
        var match = Regex.Match(row, $"<{element}[^>]* data-testid=\"{testId}\">(.*?)</{element}>", RegexOptions.Singleline);
        if (!match.Success) match = Regex.Match(row, $"<{element} data-testid=\"{testId}\">(.*?)</{element}>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} in {row}");
        var inner = element == "td" ? Regex.Replace(match.Groups[1].Value, "<br>.*", "", RegexOptions.Singleline) : match.Groups[1].Value;
        return WebUtility.HtmlDecode(Regex.Replace(inner, "<[^>]+>", "")).Trim();
    }
}

using System.Reflection;
using System.Text.Json;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.MethodCalls;
using Scheduler.Worker.MethodCalls;

namespace Scheduler.IntegrationTests.Capabilities;

/// <summary>
/// Method calls checked at schedule time against the assemblies live workers may call: in-process worker hosts with
/// the sample plugin, real Redis, and the client refusing the natural first call (an app's type, no queue) that a stock
/// worker on "default" would fail for good at every run. The test host, not this assembly, is the entry assembly here,
/// so this assembly's types are callable only where a worker allows them (AllowMethodCallsOn).
/// </summary>
public sealed class MethodCallCapabilityTests : IDisposable
{
    private static readonly string TestAssembly = typeof(Greeter).Assembly.GetName().Name!;
    private readonly TestPaths.TempDirectory _plugins = TestPaths.CreateTempDirectory("caps-methodcall-plugins");

    public MethodCallCapabilityTests() => File.Copy(TestPaths.SamplePluginDll, _plugins.File("Scheduler.SamplePlugin.dll"));

    public void Dispose() => _plugins.Dispose();

    private Dictionary<string, string?> Settings(string queue, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _plugins.Path, ["Scheduler:Worker:Queues:0"] = queue };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static Task<IReadOnlyList<WorkerCapabilities>> AdvertisedAsync(SchedulerClient client, int workers) =>
        Eventually.WaitAsync(() => client.GetWorkerCapabilitiesAsync(), w => w.Count == workers, TimeSpan.FromSeconds(20), $"{workers} workers' advertisements");

    [Fact]
    public async Task A_live_worker_advertises_its_callable_assemblies_and_a_call_of_one_of_them_is_accepted()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-methodcall-allowed");
        var client = redis.CreateClient(verifyWorkers: true);
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0,
            settings: Settings("default", ("Scheduler:MethodCalls:AllowedAssemblies:0", "Scheduler.Contracts")),
            configureWorker: w => w.AllowMethodCallsOn<Greeter>());

        var worker = Assert.Single(await AdvertisedAsync(client, 1));

        string[] expected = [TestAssembly, "Scheduler.Contracts", "Scheduler.SamplePlugin", .. Entry()];
        Assert.Equal(expected.Order(StringComparer.Ordinal), worker.MethodCallAssemblies);
        Assert.NotNull(await client.ScheduleAsync<Greeter, string>(g => g.GreetAsync("Ada"), "in 1 hour"));
        // Written by hand, as a REST caller would: a type of the plugins folder.
        Assert.NotNull(await client.ScheduleAsync(new MethodCallTask("Scheduler.SamplePlugin.SamplePlugin, Scheduler.SamplePlugin", "RunAsync", [], []), "in 1 hour"));
        var workers = await InProcessCli.RunAsync(redis, "workers");
        Assert.Contains($"  method calls: {string.Join(", ", expected.Order(StringComparer.Ordinal))}", workers.Out);
    }

    [Fact]
    public async Task A_call_of_a_type_no_live_worker_on_its_queue_may_call_is_refused_naming_its_assembly_and_its_own_host_on_its_own_queue_takes_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-methodcall-refused");
        var client = redis.CreateClient(verifyWorkers: true);
        // A stock worker on "default", and the app's own worker host on a queue of its own.
        await using var stock = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings("default"));
        await using var app = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings("reports"), configureWorker: w => w.AllowMethodCallsOn<Greeter>());
        await AdvertisedAsync(client, 2);

        var refused = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync<Greeter, string>(g => g.GreetAsync("Ada"), "in 1 hour"));

        string[] stockCalls = ["Scheduler.SamplePlugin", .. Entry()];
        Assert.Contains($"method call Greeter.GreetAsync needs assembly \"{TestAssembly}\", whose types no live worker on queue \"default\" may call "
            + $"(callable assemblies: {string.Join(", ", stockCalls.Order(StringComparer.Ordinal))}); "
            + "run your app's own worker host (AddSchedulerWorker) on a queue of its own", refused.Message);
        Assert.Contains($"list \"{TestAssembly}\" in Scheduler:MethodCalls:AllowedAssemblies of a worker", refused.Message);
        Assert.Empty(await client.ListAsync());
        var hand = await Assert.ThrowsAsync<TaskNotOfferedException>(() =>
            client.ScheduleAsync(new MethodCallTask("Billing.InvoiceJobs, Billing.Jobs", "SendInvoices", [], []), "in 1 hour"));
        Assert.Contains("method call InvoiceJobs.SendInvoices needs assembly \"Billing.Jobs\"", hand.Message);

        var sent = await client.ScheduleAsync<Greeter, string>(g => g.GreetAsync("Ada"), "in 1 hour", new ScheduleOptions { Queue = "reports" });
        Assert.Equal("reports", (await client.GetAsync(sent.Id))!.Options.Queue);
    }

    [Fact]
    public async Task With_method_calls_switched_off_a_worker_advertises_none_and_scheduling_says_they_are_off()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-methodcall-off");
        var client = redis.CreateClient(verifyWorkers: true);
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings("default", ("Scheduler:MethodCalls:Enabled", "false")));

        Assert.Empty(Assert.Single(await AdvertisedAsync(client, 1)).MethodCallAssemblies!);
        var refused = await Assert.ThrowsAsync<TaskNotOfferedException>(() =>
            client.ScheduleAsync(new MethodCallTask("Scheduler.SamplePlugin.SamplePlugin, Scheduler.SamplePlugin", "RunAsync", [], []), "in 1 hour"));
        Assert.Contains("method call SamplePlugin.RunAsync cannot run: method calls are switched off on every live worker on queue \"default\"", refused.Message);
        Assert.Contains("  method calls: off", (await InProcessCli.RunAsync(redis, "workers")).Out);
    }

    // The in-process worker's host program is the test host; it is callable there too.
    private static string[] Entry() => Assembly.GetEntryAssembly()?.GetName().Name is { } name ? [name] : [];
}

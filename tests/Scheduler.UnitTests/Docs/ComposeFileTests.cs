using Scheduler.Contracts.Storage;
using YamlDotNet.RepresentationModel;

namespace Scheduler.UnitTests.Docs;

public sealed class ComposeFileTests
{
    private static YamlMappingNode Services() => (YamlMappingNode)Root()["services"];

    private static YamlMappingNode Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Distributed.sln"))) dir = dir.Parent;
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(dir.FullName, "docker-compose.scheduler.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [Fact]
    public void Compose_redis_connection_is_a_url_every_component_reads_pointing_at_the_redis_service()
    {
        var connection = ((YamlMappingNode)Root()["x-scheduler-env"])["SCHEDULER_REDIS"].ToString();

        var options = RedisConnection.Parse(connection);

        Assert.Equal(new System.Net.DnsEndPoint("redis", 6379), Assert.Single(options.EndPoints));
    }

    [Fact]
    public void Compose_file_defines_redis_beat_worker_and_dashboard()
    {
        var names = Services().Children.Keys.Select(k => k.ToString()).ToHashSet();
        Assert.Superset(new HashSet<string> { "redis", "beat", "worker", "dashboard" }, names);
    }

    [Fact]
    public void Compose_redis_keeps_an_append_only_file_on_a_volume()
    {
        var redis = (YamlMappingNode)Services()["redis"];
        Assert.StartsWith("redis:7", redis["image"].ToString());
        Assert.Contains("--appendonly", ((YamlSequenceNode)redis["command"]).Select(n => n.ToString()));
        Assert.Contains(((YamlSequenceNode)redis["volumes"]).Select(n => n.ToString()), v => v.EndsWith(":/data"));
    }

    [Fact]
    public void Compose_dashboard_publishes_port_5555_on_the_hosts_loopback_only_and_workers_scale()
    {
        var services = Services();
        var ports = ((YamlSequenceNode)((YamlMappingNode)services["dashboard"])["ports"]).Select(n => n.ToString());
        // Loopback only: the dashboard can run commands, and basic-auth credentials would cross the network in clear.
        Assert.Equal(["127.0.0.1:5555:5555"], ports);
        var worker = (YamlMappingNode)services["worker"];
        Assert.False(worker.Children.ContainsKey("container_name"), "a fixed container name prevents --scale worker=N");
        Assert.False(worker.Children.ContainsKey("ports"), "published ports prevent --scale worker=N");
    }
}

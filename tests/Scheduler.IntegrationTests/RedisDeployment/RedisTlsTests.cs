using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>A Redis that speaks only TLS with a certificate from a private CA: trusted through SCHEDULER_REDIS_TLS_CA, refused without it.</summary>
public sealed class RedisTlsTests
{
    [Fact]
    public async Task A_component_and_the_cli_reach_a_tls_redis_through_a_rediss_url_when_told_to_trust_its_private_ca()
    {
        await using var server = await TlsRedis.StartAsync();
        var url = $"rediss://localhost:{server.Port}/0";
        var environment = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = url, ["SCHEDULER_REDIS_TLS_CA"] = server.CaCertificate };
        await using var beat = ChildProcess.Start("Scheduler.Beat", [], environment);

        var healthy = await Eventually.WaitAsync(() => InProcessCli.RunAsync(environment, "health", "--process", "beat"),
            r => r.Code == ExitCodes.Ok || beat.HasExited, TimeSpan.FromSeconds(60), "the beat to report healthy over TLS");
        var untrusted = await InProcessCli.RunAsync(new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = url }, "list");

        Assert.False(beat.HasExited, beat.Output);
        Assert.Equal(ExitCodes.Ok, healthy.Code);
        Assert.Equal(ExitCodes.RedisUnreachable, untrusted.Code);
        // Said as what it is (a certificate not trusted), not as a wrong password.
        Assert.Contains("TLS handshake with Redis", untrusted.Err);
        Assert.Contains("SCHEDULER_REDIS_TLS_CA", untrusted.Err);
        Assert.DoesNotContain("refused the credentials", untrusted.Err);
    }

    [Fact]
    public async Task A_wrong_ca_file_and_a_certificate_naming_another_host_are_told_apart()
    {
        await using var server = await TlsRedis.StartAsync();
        using var other = TestPaths.CreateTempDirectory("redis-tls-other-ca");
        var otherCa = other.File("other.crt");
        await TlsRedis.OpenSslAsync(other.Path, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Another CA",
            "-keyout", other.File("other.key"), "-out", otherCa);

        var wrongCa = await InProcessCli.RunAsync(new Dictionary<string, string?>
            { ["SCHEDULER_REDIS"] = $"localhost:{server.Port},ssl=true", ["SCHEDULER_REDIS_TLS_CA"] = otherCa }, "list");
        var wrongHost = await InProcessCli.RunAsync(new Dictionary<string, string?>
            { ["SCHEDULER_REDIS"] = $"localhost:{server.Port},ssl=true,sslHost=other.test", ["SCHEDULER_REDIS_TLS_CA"] = server.CaCertificate }, "list");

        Assert.Equal((ExitCodes.RedisUnreachable, ExitCodes.RedisUnreachable), (wrongCa.Code, wrongHost.Code));
        Assert.Contains($"does not chain to the CA in {otherCa}", wrongCa.Err);
        Assert.Contains("does not name the host connected to", wrongHost.Err);
    }

    [Fact]
    public async Task Tls_asked_of_a_plain_port_is_told_as_such_and_a_wrong_password_over_tls_as_refused_credentials()
    {
        await using var plain = await RedisTestContext.CreateAsync("tls-on-plain");
        await using var server = await TlsRedis.StartAsync(password: "the-right-one");

        var onPlain = await InProcessCli.RunAsync(new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = plain.ConnectionString + ",ssl=true" }, "list");
        var wrongPassword = await InProcessCli.RunAsync(new Dictionary<string, string?>
            { ["SCHEDULER_REDIS"] = $"localhost:{server.Port},ssl=true,password=a-wrong-one", ["SCHEDULER_REDIS_TLS_CA"] = server.CaCertificate }, "list");
        var rightPassword = await InProcessCli.RunAsync(new Dictionary<string, string?>
            { ["SCHEDULER_REDIS"] = $"localhost:{server.Port},ssl=true,password=the-right-one", ["SCHEDULER_REDIS_TLS_CA"] = server.CaCertificate }, "list");

        Assert.Equal(ExitCodes.RedisUnreachable, onPlain.Code);
        Assert.Contains("TLS handshake with Redis", onPlain.Err);
        Assert.Contains("is TLS on at that port?", onPlain.Err);
        Assert.DoesNotContain("refused the credentials", onPlain.Err);
        Assert.Equal(ExitCodes.RedisUnreachable, wrongPassword.Code);
        Assert.Contains("refused the credentials", wrongPassword.Err);
        Assert.DoesNotContain("a-wrong-one", wrongPassword.Err);
        Assert.True(rightPassword.Code == ExitCodes.Ok, rightPassword.Err);
    }
}

using Scheduler.Dashboard.Security;

namespace Scheduler.UnitTests.Dashboard;

public sealed class AccessOptionsValidatorTests
{
    private static IEnumerable<string> Errors(AccessOptions options) =>
        new AccessOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Errors(new AccessOptions()));
        Assert.Empty(Errors(new AccessOptions
        {
            TrustLoopback = false, ApiKey = "k", AllowedHosts = ["scheduler.internal", "*.lab.internal", "[fd00::1]", "10.1.2.3"],
            AllowedOrigins = ["https://ops.example.com", "http://localhost:8080/"],
        }));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_setting_and_what_it_accepts()
    {
        var errors = Errors(new AccessOptions
        {
            Username = "ops", TrustLoopback = false, ApiKeyHeader = " ",
            AllowedHosts = ["*", "http://evil.example", "host:5555", "bad host"],
            AllowedOrigins = ["ops.example.com", "https://ops.example.com/path", "ftp://x", "null"],
        }).ToList();
        Assert.Contains("Scheduler:Dashboard:Access needs both Username and Password, or neither", errors);
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:ApiKeyHeader must not be empty"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:TrustLoopback is false but no credentials are configured"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:AllowedHosts:0 \"*\" would trust any Host"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:AllowedHosts:1 \"http://evil.example\" must be a host name alone"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:AllowedHosts:2 \"host:5555\" must be a host name alone"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:AllowedHosts:3 \"bad host\" is not a valid host name"));
        for (var i = 0; i < 4; i++)
            Assert.Contains(errors, e => e.StartsWith($"Scheduler:Dashboard:Access:AllowedOrigins:{i} ") && e.Contains("give scheme://host[:port]"));
        Assert.Equal(11, errors.Count);
    }

    [Fact]
    public void A_host_wildcard_over_a_single_label_or_over_numbers_is_refused_as_trusting_a_rebinding_pages_name()
    {
        // A trailing dot (the DNS root) names the same domain: "*.com." is "*.com".
        var errors = Errors(new AccessOptions { AllowedHosts = ["*.com", "*.0.0.1", "*.internal", "*.com.", " *.internal. ", "*.sched.example.com", "*.sched.example.com."] }).ToList();

        for (var i = 0; i < 5; i++)
            Assert.Contains(errors, e => e.StartsWith($"Scheduler:Dashboard:Access:AllowedHosts:{i} ") && e.Contains("is a wildcard over a single label or over numbers"));
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void A_host_wildcard_over_a_countrys_public_registry_is_refused_but_one_over_a_name_registered_there_is_not()
    {
        var errors = Errors(new AccessOptions { AllowedHosts = ["*.co.uk", "*.COM.au.", "*.org.br", "*.duckdns.org", "*.me.uk", "*.sched.example.co.uk", "*.lab.example.com.au", "*.corp.de", "*.me.duckdns.org"] }).ToList();

        for (var i = 0; i < 5; i++)
            Assert.Contains(errors, e => e.StartsWith($"Scheduler:Dashboard:Access:AllowedHosts:{i} ") && e.Contains("is a wildcard over a public registry or dynamic-DNS service"));
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Viewer_credentials_need_both_halves_and_must_differ_from_the_operators()
    {
        Assert.Empty(Errors(new AccessOptions { Username = "ops", Password = "p", ViewerUsername = "watcher", ViewerPassword = "v", ApiKey = "k", ViewerApiKey = "vk" }));
        var errors = Errors(new AccessOptions { Username = "ops", Password = "p", ViewerUsername = "OPS", ViewerPassword = "v", ApiKey = "k", ViewerApiKey = "k" }).ToList();
        Assert.Contains("Scheduler:Dashboard:Access:ViewerUsername is the same as Username; the read-only viewer needs a name of its own", errors);
        Assert.Contains("Scheduler:Dashboard:Access:ViewerApiKey is the same as ApiKey; the read-only key must differ from the operator's", errors);
        Assert.Equal(2, errors.Count);
        Assert.Equal(["Scheduler:Dashboard:Access needs both ViewerUsername and ViewerPassword, or neither"], Errors(new AccessOptions { ViewerUsername = "watcher" }));
        Assert.Contains(Errors(new AccessOptions { TrustLoopback = false, ViewerApiKey = "vk" }),
            e => e.StartsWith("Scheduler:Dashboard:Access:TrustLoopback is false and only the read-only viewer credentials are configured"));
    }

    [Fact]
    public void Lockout_settings_out_of_range_are_refused_at_start()
    {
        var errors = Errors(new AccessOptions { Lockout = new LockoutOptions { MaxFailures = 0, Window = TimeSpan.Zero, Duration = TimeSpan.FromDays(2) } }).ToList();
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:Lockout:MaxFailures is 0; expected 1..1000"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:Lockout:Window is 00:00:00; expected more than 0"));
        Assert.Contains(errors, e => e.StartsWith("Scheduler:Dashboard:Access:Lockout:Duration is 2.00:00:00; expected 00:00:01 to 1.00:00:00"));
        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("00:00:00", "00:00:00")]
    [InlineData("00:00:06", "00:00:06")]
    public void A_lockout_redis_timeout_outside_10ms_to_5s_is_refused_at_start(string timeout, string named)
    {
        var errors = Errors(new AccessOptions { Lockout = new LockoutOptions { RedisTimeout = TimeSpan.Parse(timeout) } });
        Assert.Equal([$"Scheduler:Dashboard:Access:Lockout:RedisTimeout is {named}; expected 00:00:00.010 to 00:00:05 (default 00:00:00.300)"], errors);
        Assert.Empty(Errors(new AccessOptions { Lockout = new LockoutOptions { RedisTimeout = TimeSpan.FromMilliseconds(500) } }));
    }
}

using System.Net;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.UnitTests.Storage;

/// <summary>The one reader of Redis connections (native syntax and redis:// URLs) and the one masker of passwords.</summary>
public sealed class RedisConnectionTests
{
    [Fact]
    public void A_plain_url_gives_host_port_and_database()
    {
        var options = RedisConnection.Parse("redis://127.0.0.1:6380/3");

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6380), Assert.Single(options.EndPoints));
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.Null(options.User);
        Assert.Null(options.Password);
    }

    [Fact]
    public void A_url_without_port_or_database_uses_6379_and_the_default_database()
    {
        var options = RedisConnection.Parse("redis://cache.internal");

        Assert.Equal(new DnsEndPoint("cache.internal", 6379), Assert.Single(options.EndPoints));
        Assert.Null(options.DefaultDatabase);
    }

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/0")]
    [InlineData("127.0.0.1:6379,defaultDatabase=0")]
    public void On_database_zero_select_is_never_sent(string text) =>
        Assert.Contains("$SELECT=,", RedisConnection.Parse(text).ToString() + ",");

    [Theory]
    [InlineData("redis://127.0.0.1:6379/3")]
    [InlineData("127.0.0.1:6379,defaultDatabase=2")]
    [InlineData("127.0.0.1:26379,serviceName=mymaster")]
    public void Another_database_or_a_sentinel_connection_keeps_select(string text) =>
        Assert.DoesNotContain("$SELECT=", RedisConnection.Parse(text).ToString());

    [Fact]
    public void User_and_password_are_read_and_percent_decoded()
    {
        var options = RedisConnection.Parse("redis://app:s%40cr%3At@localhost:6379/0");

        Assert.Equal("app", options.User);
        Assert.Equal("s@cr:t", options.Password);
        Assert.Equal(0, options.DefaultDatabase);
    }

    [Fact]
    public void A_password_without_user_authenticates_as_the_default_user()
    {
        var options = RedisConnection.Parse("redis://:secret@localhost");

        Assert.Null(options.User);
        Assert.Equal("secret", options.Password);
    }

    [Fact]
    public void Rediss_turns_tls_on_and_keeps_port_6379()
    {
        var options = RedisConnection.Parse("rediss://app:secret@redis.example.com/1");

        Assert.True(options.Ssl);
        Assert.Equal(new DnsEndPoint("redis.example.com", 6379), Assert.Single(options.EndPoints));
        Assert.Equal(1, options.DefaultDatabase);
    }

    [Fact]
    public void Query_options_are_stackexchange_options_so_sentinels_can_be_named_in_a_url()
    {
        var options = RedisConnection.Parse("redis://app:pw@127.0.0.1:26379,127.0.0.1:26380?serviceName=mymaster&sentinelPassword=sp&connectTimeout=2000");

        Assert.Equal(2, options.EndPoints.Count);
        Assert.Equal("mymaster", options.ServiceName);
        Assert.Equal("sp", options.SentinelPassword);
        Assert.Equal(2000, options.ConnectTimeout);
        Assert.Equal("app", options.User);
    }

    [Fact]
    public void An_ipv6_host_in_brackets_is_read()
    {
        var options = RedisConnection.Parse("redis://[::1]:7000");

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 7000), Assert.Single(options.EndPoints));
    }

    [Fact]
    public void Native_syntax_is_still_accepted_with_sentinel_acl_and_tls_keys()
    {
        var options = RedisConnection.Parse("127.0.0.1:26379,127.0.0.1:26380,serviceName=mymaster,user=app,password=secret,ssl=true,sslHost=redis.local,defaultDatabase=2");

        Assert.Equal(2, options.EndPoints.Count);
        Assert.Equal("mymaster", options.ServiceName);
        Assert.Equal("app", options.User);
        Assert.Equal("secret", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal("redis.local", options.SslHost);
        Assert.Equal(2, options.DefaultDatabase);
    }

    [Theory]
    [InlineData("http://localhost:6379", "scheme \"http\"")]
    [InlineData("redis://localhost:99999", "port \"99999\"")]
    [InlineData("redis://localhost:abc/0", "port \"abc\"")]
    [InlineData("redis://localhost:6379/x", "database \"x\"")]
    [InlineData("redis://localhost:6379/-1", "database \"-1\"")]
    [InlineData("redis://", "no host")]
    [InlineData("redis://app:pw@/0", "no host")]
    [InlineData("redis://secret@localhost", "before '@' has no ':'")]
    [InlineData("redis://::1:6379", "brackets")]
    [InlineData("redis://[::1:6379", "without closing")]
    [InlineData("redis://bad host:6379", "host \"bad host\"")]
    [InlineData("redis://localhost?nosuchoption=1", "query option \"nosuchoption\"")]
    [InlineData("redis://localhost?serviceName", "query part \"serviceName\"")]
    [InlineData("redis://localhost#frag", "fragment")]
    public void A_bad_url_is_refused_naming_the_part_that_is_wrong(string url, string named)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse(url));

        Assert.Contains(named, error.Message);
        Assert.Contains("redis://[user:password@]host[:port][/db]", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_connection_is_refused(string? text)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse(text));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_bad_native_string_is_refused_with_the_keyword_and_what_is_accepted()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("localhost:6379,bogusKeyword=1"));

        Assert.Contains("bogusKeyword", error.Message);
        Assert.Contains("host:port", error.Message);
    }

    [Fact]
    public void An_error_never_contains_the_password()
    {
        var url = Assert.Throws<FormatException>(() => RedisConnection.Parse("redis://app:hunter2@localhost:bad"));
        var native = Assert.Throws<FormatException>(() => RedisConnection.Parse("localhost:6379,password=hunter2,bogusKeyword=1"));

        Assert.DoesNotContain("hunter2", url.Message);
        Assert.DoesNotContain("hunter2", native.Message);
        Assert.Contains("*****", url.Message);
    }

    [Theory]
    [InlineData("redis://app:zorro/quux@127.0.0.1:1")]
    [InlineData("redis://app:zorro?quux@127.0.0.1:1")]
    [InlineData("redis://app:zorro#quux@127.0.0.1:1")]
    [InlineData("redis://app:zorro/quux?x@127.0.0.1:1/0")]
    [InlineData("rediss://:zorro?quux=1@127.0.0.1")]
    public void A_password_with_an_unencoded_delimiter_never_appears_in_the_error(string url)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse(url));

        Assert.DoesNotContain("zorro", error.Message);
        Assert.DoesNotContain("quux", error.Message);
        Assert.Contains("percent-encode", error.Message);
    }

    [Fact]
    public void A_url_whose_user_part_has_no_colon_is_refused_without_showing_it()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("redis://S3cretRedisPW@127.0.0.1:1"));

        Assert.DoesNotContain("S3cret", error.Message);
        Assert.Contains("redis://*****@127.0.0.1:1", error.Message);
        Assert.Contains("has no ':'", error.Message);
    }

    [Theory]
    [InlineData("redis://app:pa/ss@127.0.0.1:1", "redis://app:*****@127.0.0.1:1")]
    [InlineData("redis://app:pa?ss@127.0.0.1:1", "redis://app:*****@127.0.0.1:1")]
    [InlineData("redis://app:pa#ss@127.0.0.1:1", "redis://app:*****@127.0.0.1:1")]
    [InlineData("redis://app:p/a?s#s@w@127.0.0.1:1/0", "redis://app:*****@127.0.0.1:1/0")]
    [InlineData("redis://S3cret@127.0.0.1:1", "redis://*****@127.0.0.1:1")]
    [InlineData("REDISS://S3cret@h1:1,h2:2/0", "REDISS://*****@h1:1,h2:2/0")]
    [InlineData("redis://p@ss@127.0.0.1:1", "redis://*****@127.0.0.1:1")]
    [InlineData("redis://pa/ss@127.0.0.1:1", "redis://*****@127.0.0.1:1")]
    public void Mask_hides_a_password_holding_unencoded_delimiters(string text, string masked)
    {
        Assert.Equal(masked, RedisConnection.Mask(text));
    }

    [Fact]
    public void A_tls_ca_for_a_connection_without_tls_is_refused_rather_than_sending_the_password_in_clear()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("redis.internal:6379,password=hunter2", "/etc/ssl/redis-ca.pem"));

        Assert.Contains("does not use TLS: use a rediss:// URL or add ssl=true", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("localhost:6379,password=hunter2", "localhost:6379,password=*****")]
    [InlineData("h:26379,serviceName=m,user=app,password=hunter2,sentinelPassword=hunter3", "h:26379,serviceName=m,user=app,password=*****,sentinelPassword=*****")]
    [InlineData("redis://app:hunter2@localhost:6379/0", "redis://app:*****@localhost:6379/0")]
    [InlineData("rediss://:hunter2@localhost", "rediss://:*****@localhost")]
    [InlineData("redis://app:hun@ter2@localhost", "redis://app:*****@localhost")]
    [InlineData("redis://localhost?password=hunter2&connectTimeout=5", "redis://localhost?password=*****&connectTimeout=5")]
    [InlineData("localhost:6379", "localhost:6379")]
    // Only a ',' ends a value in StackExchange.Redis's syntax: '&' and '#' are part of the password.
    [InlineData("h:6379,password=hun&ter2,ssl=true", "h:6379,password=*****,ssl=true")]
    [InlineData("h:6379,password=hun#ter2", "h:6379,password=*****")]
    [InlineData("h:6379,sentinelPassword=a&b#c", "h:6379,sentinelPassword=*****")]
    public void Mask_hides_every_password_and_keeps_the_rest(string text, string masked)
    {
        Assert.Equal(masked, RedisConnection.Mask(text));
    }

    // StackExchange.Redis's syntax cannot hold a comma in a password: what follows it reads as another endpoint, and was
    // shown in errors ("password=*****,Secret8"). Up to the next option=value is hidden, an endpoint after it too.
    [Theory]
    [InlineData("h:6379,user=app,password=Top,Secret8", "h:6379,user=app,password=*****")]
    [InlineData("h:6379,password=Top,Sec,ret8,ssl=true", "h:6379,password=*****,ssl=true")]
    [InlineData("h:6379,sentinelPassword=Top,Secret8, serviceName=m", "h:6379,sentinelPassword=*****, serviceName=m")]
    [InlineData("redis://localhost?password=Top,Secret8&ssl=true", "redis://localhost?password=*****&ssl=true")]
    public void Mask_hides_the_whole_of_a_password_holding_a_comma(string text, string masked)
    {
        Assert.Equal(masked, RedisConnection.Mask(text));
    }

    [Fact]
    public void A_url_whose_password_option_holds_a_comma_is_refused_without_showing_any_of_it()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("redis://127.0.0.1:6379?password=Top,Secret8"));

        Assert.DoesNotContain("Top", error.Message);
        Assert.DoesNotContain("Secret8", error.Message);
    }

    [Fact]
    public void The_sentinel_hint_says_to_add_service_name_without_the_password()
    {
        var message = RedisConnection.SentinelWithoutServiceName(ConfigurationOptions.Parse("127.0.0.1:26379,password=hunter2"));

        Assert.Contains("serviceName=", message);
        Assert.DoesNotContain("hunter2", message);
    }

    [Fact]
    public void A_missing_tls_ca_file_is_refused_by_name()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("rediss://localhost", "/nonexistent/ca.pem"));

        Assert.Contains("/nonexistent/ca.pem", error.Message);
    }

    [Fact]
    public void A_misspelt_keyword_is_named_and_its_value_is_masked_as_a_password_would_be()
    {
        var e = Assert.Throws<FormatException>(() => RedisConnection.Parse("localhost:6379,passwrd=TOPSECRET,abortConnect=false"));

        Assert.Contains("\"localhost:6379,passwrd=*****,abortConnect=false\" is not valid: Keyword 'passwrd' is not supported", e.Message);
        Assert.DoesNotContain("TOPSECRET", e.Message);
    }
}

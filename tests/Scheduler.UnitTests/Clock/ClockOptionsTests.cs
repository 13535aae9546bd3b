using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Clock;

namespace Scheduler.UnitTests.Clock;

/// <summary>The clock's settings are checked at start, and a test's own clock is kept in place of Redis's.</summary>
public sealed class ClockOptionsTests
{
    private static ServiceProvider Process(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        before?.Invoke(services);
        services.AddSchedulerClock(configuration);
        return services.BuildServiceProvider();
    }

    private static string StartFailure(Dictionary<string, string?> settings)
    {
        using var provider = Process(settings);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public void A_sample_interval_under_a_second_and_a_misspelt_setting_are_refused_at_start()
    {
        Assert.Contains("SampleInterval", StartFailure(new() { ["Scheduler:Clock:SampleInterval"] = "00:00:00.100" }));
        Assert.Contains("SamplesPerReading", StartFailure(new() { ["Scheduler:Clock:SamplesPerReading"] = "0" }));
        Assert.Contains("did you mean WarnAbove", StartFailure(new() { ["Scheduler:Clock:WarnAbov"] = "00:00:02" }));
    }

    [Fact]
    public void The_process_clock_follows_redis_unless_a_clock_was_registered_before()
    {
        using (var plain = Process([]))
            Assert.IsType<RedisClock>(plain.GetRequiredService<TimeProvider>());
        var fake = new FakeTimeProvider();
        using var faked = Process([], services => services.AddSingleton<TimeProvider>(fake));
        Assert.Same(fake, faked.GetRequiredService<TimeProvider>());
    }
}

using Microsoft.Extensions.Configuration;
using Scheduler.Beat.Hosting;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Mcp;

namespace Scheduler.UnitTests.Hosting;

/// <summary>A setting no option reads (a misspelt name) is refused at start, named with the nearest real one.</summary>
public sealed class UnknownSettingsTests
{
    private static IConfigurationSection Section(string path, params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build().GetSection(path);

    [Fact]
    public void A_misspelt_setting_is_named_with_the_nearest_real_one_and_what_the_section_accepts()
    {
        var problem = Assert.Single(UnknownSettings.Problems(
            Section("Scheduler:Beat", ("Scheduler:Beat:MisfireTreshold", "00:00:05"), ("Scheduler:Beat:CatchUpWindow", "01:00:00")), typeof(BeatOptions), []));

        Assert.StartsWith("Scheduler:Beat:MisfireTreshold is not a setting (did you mean MisfireThreshold?); Scheduler:Beat accepts CatchUpWindow, ", problem);
    }

    [Fact]
    public void Settings_inside_a_dictionary_of_option_objects_are_checked_and_a_section_bound_elsewhere_is_left_alone()
    {
        var mcp = Section("Scheduler:Mcp", ("Scheduler:Mcp:Servers:files:Comand", "node"), ("Scheduler:Mcp:Servers:files:Args:0", "server.js"),
            ("Scheduler:Mcp:Servers:files:Environment:ANY_NAME", "1"));
        Assert.Equal(["Scheduler:Mcp:Servers:files:Comand is not a setting (did you mean Command?); Scheduler:Mcp:Servers:files accepts Args, Command, Environment, Headers, Transport, Url, WorkingDirectory"],
            UnknownSettings.Problems(mcp, typeof(McpOptions), []));

        Assert.Empty(UnknownSettings.Problems(Section("Scheduler:Beat", ("Scheduler:Beat:Elsewhere:X", "1")), typeof(BeatOptions), ["Elsewhere"]));
        Assert.Single(UnknownSettings.Problems(Section("Scheduler:Beat", ("Scheduler:Beat:Zzzzzzzzzz", "1")), typeof(BeatOptions), []),
            p => p.StartsWith("Scheduler:Beat:Zzzzzzzzzz is not a setting; ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duration_written_as_a_bare_number_is_refused_saying_it_would_be_days()
    {
        Assert.Equal(["Scheduler:Execution:StopGracePeriod is \"30\", which .NET reads as 30 days; write a duration as [d.]hh:mm:ss[.fff], such as 00:00:30 for 30 seconds or 30.00:00:00 for 30 days"],
            UnknownSettings.Problems(Section("Scheduler:Execution", ("Scheduler:Execution:StopGracePeriod", "30"), ("Scheduler:Execution:HardTimeout", "00:10:00")),
                typeof(ExecutionOptions), []));
        Assert.Empty(UnknownSettings.Problems(Section("Scheduler:Execution", ("Scheduler:Execution:MaxRetries", "30")), typeof(ExecutionOptions), []));
        Assert.Empty(UnknownSettings.Problems(Section("Scheduler:Execution", ("Scheduler:Execution:BackoffBase", "0")), typeof(ExecutionOptions), []));
    }
}

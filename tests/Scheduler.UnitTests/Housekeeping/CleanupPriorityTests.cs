using System.Text.Json;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Housekeeping;

/// <summary>A cleanup registration's priority: its range, and the order registrations run together are cleaned in.</summary>
public sealed class CleanupPriorityTests
{
    private static readonly CleanupRequest Valid = new("/var/log/app", "*.log", RetentionDays: 7);

    private static CleanupRegistration Registration(string id, int priority) =>
        new() { Id = id, Directory = "/var/log/" + id, Pattern = "*", MaxFiles = 1, Priority = priority };

    [Theory]
    [InlineData(-1001)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public void A_priority_outside_minus_1000_to_1000_is_refused_naming_the_range(int priority) =>
        Assert.Equal([$"cleanup \"priority\" is {priority}; expected a whole number from -1000 to 1000 (higher runs first, 0 when not given)"],
            CleanupValidation.Validate(Valid with { Priority = priority }));

    [Theory]
    [InlineData(-1000)]
    [InlineData(0)]
    [InlineData(1000)]
    public void Priorities_from_minus_1000_to_1000_are_accepted(int priority) =>
        Assert.Empty(CleanupValidation.Validate(Valid with { Priority = priority }));

    [Fact]
    public void A_request_without_a_priority_has_priority_0_and_keeps_it_through_a_registration()
    {
        Assert.Equal(0, Valid.Priority);
        var registration = Registration("c1", 7);
        Assert.Equal(7, registration.ToRequest().Priority);
    }

    [Fact]
    public void Higher_priority_runs_first_and_equal_priorities_keep_registration_order()
    {
        var inRegistrationOrder = new[]
        {
            Registration("a", 0), Registration("b", 10), Registration("c", 0), Registration("d", -5), Registration("e", 10),
        };

        Assert.Equal(["b", "e", "a", "c", "d"], CleanupPriority.InRunOrder(inRegistrationOrder).Select(r => r.Id));
    }

    [Fact]
    public void A_registration_stored_before_priorities_existed_reads_priority_0()
    {
        const string stored = """{"id":"c1","directory":"/var/log/app","pattern":"*.log","retentionDays":7,"interval":"01:00:00"}""";

        Assert.Equal(0, JsonSerializer.Deserialize<CleanupRegistration>(stored, TaskTypes.JsonOptions)!.Priority);
    }

    [Fact]
    public void A_request_in_JSON_without_a_priority_reads_priority_0() =>
        Assert.Equal(0, JsonSerializer.Deserialize<CleanupRequest>("""{"directory":"/var/log/app","pattern":"*.log","maxFiles":3}""", TaskTypes.JsonOptions)!.Priority);
}

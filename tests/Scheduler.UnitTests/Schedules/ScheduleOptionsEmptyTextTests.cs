using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Schedules;

/// <summary>
/// An empty name or module is refused, as empty tags, queue and time zone are: a blank name lists the task as a blank
/// row, and the module filter refuses an empty value, so a task stored with one could not be found by its module.
/// Left out, both keep working (the name then defaults to the task type and spec).
/// </summary>
public sealed class ScheduleOptionsEmptyTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_is_refused_saying_what_is_accepted(string name)
    {
        var error = Assert.Single(ScheduleOptionsValidator.Validate(new ScheduleOptions { Name = name }));
        Assert.Equal("name is empty; expected 1 to 200 characters of text, or no name (it then defaults to the task type and spec)", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void An_empty_module_is_refused_saying_what_is_accepted(string module)
    {
        var error = Assert.Single(ScheduleOptionsValidator.Validate(new ScheduleOptions { ModuleId = module }));
        Assert.Equal("moduleId is empty; expected the owning module's name, or no moduleId", error);
    }

    [Fact]
    public void A_task_update_with_an_empty_name_or_module_is_refused_by_the_same_check()
    {
        var updated = new TaskUpdate { Name = "", ModuleId = "" }.ApplyTo(new ScheduleOptions { Name = "old", ModuleId = "billing" });
        Assert.Equal(["name is empty", "moduleId is empty"], ScheduleOptionsValidator.Validate(updated).Select(e => e.Split(';')[0]));
    }
}

using Scheduler.Cli;
using Scheduler.Cli.Commands;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// An apply file's instants without an offset are read in the zone each declaration names, as <c>--end-at</c> is read in
/// <c>--tz</c>, not in the zone of the host that applies it; without a zone they are refused.
/// </summary>
public sealed class ApplyFileInstantTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"apply-{Guid.NewGuid():N}.json");

    [Fact]
    public void A_declarations_instants_without_an_offset_are_read_in_its_time_zone()
    {
        File.WriteAllText(_path, """
            {"schedules": [{"id": "x", "spec": "every day at 9am", "task": {"type": "notification", "message": "hi"},
              "options": {"timeZone": "Europe/Berlin", "endAt": "2027-12-24T18:00", "startAfter": "2027-06-01T00:00:00"},
              "paused": true, "pauseUntil": "2027-07-01T12:00"}]}
            """);

        var declaration = Assert.Single(ScheduleFile.Read(_path));

        Assert.Equal(DateTimeOffset.Parse("2027-12-24T17:00:00Z"), declaration.Options!.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-05-31T22:00:00Z"), declaration.Options.StartAfter);
        Assert.Equal(DateTimeOffset.Parse("2027-07-01T10:00:00Z"), declaration.PauseUntil);
    }

    [Fact]
    public void An_instant_without_an_offset_in_a_declaration_without_a_zone_is_refused_naming_where()
    {
        File.WriteAllText(_path, """
            [{"id": "x", "spec": "every day at 9am", "task": {"type": "notification", "message": "hi"},
              "options": {"endAt": "2027-12-24T18:00"}}]
            """);

        var error = Assert.Throws<CliException>(() => ScheduleFile.Read(_path));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("schedules[0].options.endAt", error.Message);
        Assert.Contains("\"2027-12-24T18:00\" has no UTC offset; expected one, e.g. \"2027-12-24T18:00:00Z\"", error.Message);
    }

    [Theory]
    [InlineData("\"paused\": true", "options.paused", "a pause is not read in the options; give \"paused\": true beside \"options\"")]
    [InlineData("\"replace\": true", "options.replace", "\"replace\" is not read from a file: apply replaces what changed")]
    public void A_field_the_options_do_not_store_is_refused_in_a_file_not_skipped(string field, string path, string refusal)
    {
        File.WriteAllText(_path, """[{"id": "x", "spec": "every day at 9am", "task": {"type": "notification", "message": "hi"}, "options": {""" + field + "}}]");

        var error = Assert.Throws<CliException>(() => ScheduleFile.Read(_path));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(path, error.Message);
        Assert.Contains(refusal, error.Message);
    }

    public void Dispose() => File.Delete(_path);
}

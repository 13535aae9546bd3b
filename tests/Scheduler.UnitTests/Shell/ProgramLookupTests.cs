using Scheduler.Worker.Shell;

namespace Scheduler.UnitTests.Shell;

/// <summary>A shell task's program is looked up as exec will: only what no lookup can find is refused.</summary>
public sealed class ProgramLookupTests
{
    [Fact]
    public void A_program_on_the_childs_PATH_or_at_its_path_is_found()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("lookup-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "tool"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(dir, "tool"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            Assert.Null(ProgramLookup.Problem("tool", null, $"/nonexistent:{dir}"));
            Assert.Null(ProgramLookup.Problem("./tool", dir, null));
            Assert.Null(ProgramLookup.Problem(Path.Combine(dir, "tool"), null, null));
            // An empty PATH entry is the working directory.
            Assert.Null(ProgramLookup.Problem("tool", dir, "/nonexistent:"));
            // A relative working directory is the worker's subdirectory.
            Assert.Null(ProgramLookup.Problem("./tool", Path.GetRelativePath(Environment.CurrentDirectory, dir), null));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_missing_program_or_working_directory_is_named_with_where_it_was_looked_for()
    {
        if (OperatingSystem.IsWindows()) return;

        Assert.Equal("shell command \"no-such-tool\" was not found in PATH (/nonexistent:/also-not); expected a program installed on this worker, or its full path",
            ProgramLookup.Problem("no-such-tool", null, "/nonexistent:/also-not"));
        Assert.Equal("shell command \"/nonexistent/tool\" was not found: no file /nonexistent/tool; expected a path to a program on this worker",
            ProgramLookup.Problem("/nonexistent/tool", null, null));
        Assert.Equal("shell \"workingDirectory\" \"/nonexistent\" does not exist on this worker; expected an existing directory",
            ProgramLookup.Problem("echo", "/nonexistent", null));
        // Without PATH, exec searches /bin and /usr/bin.
        Assert.Null(ProgramLookup.Problem("sh", null, null));
    }

    [Fact]
    public void A_file_without_execute_permission_is_refused_at_once_naming_it_not_retried_as_exit_126()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("lookup-").FullName;
        try
        {
            var file = Path.Combine(dir, "notes.txt");
            File.WriteAllText(file, "not a program\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            Assert.StartsWith($"shell command \"{file}\" is not executable: {file} has no execute permission", ProgramLookup.Problem(file, null, null));
            Assert.StartsWith("shell command \"notes.txt\" is not executable", ProgramLookup.Problem("notes.txt", null, dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

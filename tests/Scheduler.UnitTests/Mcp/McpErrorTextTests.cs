using Scheduler.Worker.Mcp;

namespace Scheduler.UnitTests.Mcp;

/// <summary>What a run's error keeps of an MCP server's error text: the message lines, not the stack trace.</summary>
public sealed class McpErrorTextTests
{
    [Fact]
    public void A_one_line_message_is_kept_as_it_is()
    {
        const string text = "MCP error -32602: Input validation error: Invalid arguments for tool get-sum: Invalid input: expected number, received string at a";
        Assert.Equal((text, false), McpErrorText.Condense(text));
    }

    [Fact]
    public void A_dotnet_exception_keeps_its_type_message_and_inner_exception_without_frames()
    {
        const string text = """
            System.InvalidOperationException: could not open the report
             ---> System.IO.FileNotFoundException: Could not find file '/data/report.csv'.
               at System.IO.FileStream.ValidateFileHandle(SafeFileHandle fileHandle, String path)
               at Reports.Tools.Open(String path) in /src/Tools.cs:line 12
               --- End of inner exception stack trace ---
               at Reports.Tools.Run() in /src/Tools.cs:line 20
            """;
        Assert.Equal(("System.InvalidOperationException: could not open the report; ---> System.IO.FileNotFoundException: Could not find file '/data/report.csv'.", true),
            McpErrorText.Condense(text));
    }

    [Fact]
    public void A_javascript_error_stack_keeps_its_first_line()
    {
        const string text = "Error: ENOENT: no such file or directory, open '/data/x.json'\n    at Object.openSync (node:fs:573:18)\n    at readFileSync (node:fs:452:35)\n    at file:///srv/index.js:10:3";
        Assert.Equal(("Error: ENOENT: no such file or directory, open '/data/x.json'", true), McpErrorText.Condense(text));
    }

    [Fact]
    public void A_python_traceback_keeps_what_the_tool_said_and_the_exception_line()
    {
        const string text = "Error executing tool fetch: Traceback (most recent call last):\n  File \"/srv/server.py\", line 40, in fetch\n    data = load(url)\n  File \"/srv/load.py\", line 9, in load\n    raise ValueError(\"bad url\")\nValueError: bad url";
        Assert.Equal(("Error executing tool fetch:; ValueError: bad url", true), McpErrorText.Condense(text));
    }

    [Fact]
    public void A_dead_stdio_servers_stderr_tail_gives_the_sdks_line_and_the_crash_it_printed_last()
    {
        // As the SDK reported the test server that died of an unhandled exception (its log lines before it, cut at the tail's start).
        const string text = """
            MCP server process exited unexpectedly (exit code: 134)
            Server's stderr tail:
                     at System.Reflection.MethodBaseInvoker.InvokeWithOneArg(Object obj, BindingFlags invokeAttr, Binder binder, Object[] parameters, CultureInfo culture)
                     at ModelContextProtocol.Server.AIFunctionMcpServerTool.InvokeAsync(RequestContext`1 request, CancellationToken cancellationToken)
            Unhandled exception. System.InvalidOperationException: disk full
               at Scheduler.McpTestServer.TestTools.<>c__DisplayClass3_0.<Die>b__0() in /tmp/TestTools.cs:line 23
               at System.Threading.Thread.StartCallback()
            """;
        Assert.Equal(("MCP server process exited unexpectedly (exit code: 134); its stderr ended with: Unhandled exception. System.InvalidOperationException: disk full", true),
            McpErrorText.Condense(text));
    }

    [Fact]
    public void A_dead_node_servers_stderr_tail_gives_the_error_not_the_version_banner()
    {
        const string text = "MCP server process exited unexpectedly (exit code: 1)\nServer's stderr tail:\n/srv/index.js:10\n    throw new Error(\"no token\");\n    ^\n\nError: no token\n    at main (/srv/index.js:10:11)\n\nNode.js v20.19.2";
        Assert.Equal(("MCP server process exited unexpectedly (exit code: 1); its stderr ended with: Error: no token", true), McpErrorText.Condense(text));
    }

    [Fact]
    public void A_message_line_that_starts_with_at_is_not_taken_for_a_frame()
    {
        Assert.Equal(("at least one of url or path is required", false), McpErrorText.Condense("at least one of url or path is required"));
    }

    [Fact]
    public void A_long_message_is_cut_and_at_most_three_message_lines_are_kept()
    {
        var (text, shortened) = McpErrorText.Condense(string.Join("\n", "one", "two", "three", "four", new string('x', 900)));
        Assert.Equal("one; two; three", text);
        Assert.True(shortened);
        Assert.EndsWith("…[truncated]", McpErrorText.Condense(new string('x', 900)).Text);
    }
}

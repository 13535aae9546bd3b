namespace Scheduler.Cli.Commands;

/// <summary>What <c>scheduler apply</c> does with one id.</summary>
internal enum ApplyAction { Created, Replaced, Rescheduled, Unchanged, LeftEnded, Cancelled }

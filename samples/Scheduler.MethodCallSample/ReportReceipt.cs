namespace Scheduler.MethodCallSample;

/// <summary>What <see cref="ReportService.SendReport"/> returns: each run's result, as JSON.</summary>
public sealed record ReportReceipt(int CustomerId, string Period, int Number);

using Microsoft.Extensions.Logging;

namespace Scheduler.MethodCallSample;

/// <summary>The app's own service; the worker host resolves it from its DI container for each run.</summary>
public sealed class ReportService(ReportCounter counter, ILogger<ReportService> logger)
{
    public async Task<ReportReceipt> SendReport(int customerId, string period)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        var receipt = new ReportReceipt(customerId, period, counter.Next());
        logger.LogInformation("Sent the {Period} report of customer {CustomerId} (#{Number})", period, customerId, receipt.Number);
        return receipt;
    }
}

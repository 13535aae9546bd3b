using Microsoft.Extensions.Hosting;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Hosting;

return await SchedulerHost.RunAsync("worker", () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddSchedulerWorker(builder.Configuration);
    return builder.Build();
});

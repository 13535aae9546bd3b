using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Hosting;
using Scheduler.Runtime.Hosting;

return await SchedulerHost.RunAsync("beat", () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddSchedulerBeat(builder.Configuration);
    return builder.Build();
});

using Scheduler.Dashboard.Hosting;
using Scheduler.Runtime.Hosting;

return await SchedulerHost.RunAsync("dashboard", () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSchedulerDashboard();
    var app = builder.Build();
    app.MapSchedulerDashboard();
    return app;
});

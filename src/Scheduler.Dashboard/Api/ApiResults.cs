using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>The problem responses the endpoints return directly.</summary>
internal static class ApiResults
{
    public static IResult NotFound(string id) =>
        Results.Problem($"no task with id \"{TaskIds.Shown(id)}\"", statusCode: StatusCodes.Status404NotFound, title: "Task not found");

    public static IResult BadId(string id) =>
        Results.Problem($"task id \"{TaskIds.Shown(id)}\" is not accepted; expected {TaskIds.Accepted}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid task id");
}

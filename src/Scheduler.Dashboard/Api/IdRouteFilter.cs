using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Refuses a request whose <c>{id}</c> route value is not an id Scheduler accepts before its endpoint runs, so no
/// endpoint repeats the check and none reaches Redis with a malformed key.
/// </summary>
internal static class IdRouteFilter
{
    /// <summary>Groups routes under <paramref name="prefix"/> (which holds <c>{id}</c>) and checks the id for all of them.</summary>
    /// <param name="api">The API group.</param>
    /// <param name="prefix">Route prefix with an <c>{id}</c> parameter.</param>
    /// <param name="badId">The problem response for a refused id.</param>
    public static RouteGroupBuilder MapIdGroup(this RouteGroupBuilder api, string prefix, Func<string, IResult> badId)
    {
        var group = api.MapGroup(prefix);
        group.AddEndpointFilter((context, next) =>
            context.HttpContext.GetRouteValue("id") is string id && !TaskIds.IsValid(id)
                ? ValueTask.FromResult<object?>(badId(id))
                : next(context));
        return group;
    }
}

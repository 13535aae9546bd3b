using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

/// <summary>Registers a <see cref="SchedulerClient"/> in a host's services.</summary>
public static class SchedulerClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SchedulerClient"/> on the <see cref="IConnectionMultiplexer"/> already registered in
    /// <paramref name="services"/> (which keeps owning it), with the <see cref="TimeProvider"/> registered there, if any.
    /// The options are validated when the host starts: an invalid key prefix or an unknown time zone stops it with a
    /// message naming the setting.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">Builds the client's settings; the defaults of <see cref="SchedulerClientOptions"/> when null.</param>
    public static IServiceCollection AddSchedulerClient(this IServiceCollection services, Func<IServiceProvider, SchedulerClientOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IOptionsFactory<SchedulerClientOptions>>(sp =>
            new SchedulerClientOptionsFactory(options is null ? new SchedulerClientOptions() : options(sp), sp.GetServices<IValidateOptions<SchedulerClientOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerClientOptions>, SchedulerClientOptionsValidator>());
        services.AddOptions<SchedulerClientOptions>().ValidateOnStart();
        services.TryAddSingleton(sp => new SchedulerClient(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<SchedulerClientOptions>>().Value, sp.GetService<TimeProvider>()));
        return services;
    }
}

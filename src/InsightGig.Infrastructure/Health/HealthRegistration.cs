using InsightGig.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InsightGig.Infrastructure.Health;

/// <summary>The readiness checks (tag <see cref="Ready"/>): database, job server, key ring, and provider reachability as Degraded.</summary>
public static class HealthRegistration
{
    /// <summary>The checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddInfrastructureHealthChecks(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ProviderReachability(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<JobServerHealthCheck>("jobs", tags: [Ready])
            .AddCheck<KeyRingHealthCheck>("key-ring", tags: [Ready])
            // Degraded at worst: the app works on without a provider and converges when it is back.
            .AddCheck<ProviderReachabilityHealthCheck>("providers", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        return services;
    }
}

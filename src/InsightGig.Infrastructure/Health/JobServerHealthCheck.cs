using Hangfire;
using InsightGig.Infrastructure.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Health;

/// <summary>
/// Ready when this instance's Hangfire server has sent a heartbeat lately (an instance started with
/// <c>Jobs:RunServer=false</c> runs none and says so).
/// </summary>
internal sealed class JobServerHealthCheck(JobStorage storage, IOptions<JobOptions> options, TimeProvider clock) : IHealthCheck
{
    /// <summary>Hangfire beats every 30 s; two missed beats and some slack mean the server is stuck or gone.</summary>
    public static readonly TimeSpan HeartbeatLimit = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.RunServer)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No job server in this instance (Jobs:RunServer is false)."));
        }

        try
        {
            // The server id is "{ServerName}:{guid}", and this instance's server name is HangfireRegistration.ServerName.
            var prefix = HangfireRegistration.ServerName + ":";
            var ours = storage.GetMonitoringApi().Servers()
                .Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(s => s.Heartbeat)
                .Max();
            if (ours is not { } heartbeat)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The job server has not started yet."));
            }

            var age = clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(heartbeat, DateTimeKind.Utc);
            return Task.FromResult(age <= HeartbeatLimit
                ? HealthCheckResult.Healthy("The job server's heartbeat is current.")
                : HealthCheckResult.Unhealthy($"The job server's last heartbeat is {age.TotalSeconds:0} s old."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The job storage cannot be read ({exception.GetType().Name})."));
        }
    }
}

using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InsightGig.Infrastructure.Health;

/// <summary>
/// Whether the providers answered lately, from the calls the app made anyway (no probe calls, nothing spent of their
/// quotas): Degraded when a provider's last calls all failed to get an answer. A provider being down does not make the
/// app unready (it retries and converges later), so this never reports Unhealthy.
/// </summary>
internal sealed class ProviderReachabilityHealthCheck(IEnumerable<ProviderDescriptor> providers, ProviderReachability reachability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failing = new List<string>();
        foreach (var provider in providers.Select(p => p.Key).Distinct(StringComparer.Ordinal))
        {
            var state = reachability.StateOf(provider);
            data[provider] = state.Describe();
            if (state.Unreachable)
            {
                failing.Add(provider);
            }
        }

        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("Every provider answered its recent calls (or was not called yet).", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"No answer lately from: {string.Join(", ", failing)}.", data: data));
    }
}

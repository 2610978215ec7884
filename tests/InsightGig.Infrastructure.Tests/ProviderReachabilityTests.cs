using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Health;
using InsightGig.Infrastructure.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Infrastructure.Tests;

/// <summary>
/// The readiness report's provider check: Degraded (never Unhealthy) when a provider's recent calls all got no answer,
/// Healthy again at its first answer (any answer, a 4xx included), and a failure long ago does not count.
/// </summary>
public sealed class ProviderReachabilityTests
{
    private static readonly ProviderDescriptor Acme = new("acme", "Acme", "/img/acme.svg");
    private static readonly ProviderDescriptor Other = new("other", "Other", "/img/other.svg");

    [Fact]
    public async Task A_provider_whose_last_calls_got_no_answer_is_degraded_until_it_answers_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var reachability = new ProviderReachability(clock);
        var check = new ProviderReachabilityHealthCheck([Acme, Other], reachability);

        Assert.Equal(HealthStatus.Healthy, (await RunAsync(check)).Status);

        reachability.Observe("acme", ProviderCallOutcome.TransportError);
        reachability.Observe("acme", ProviderCallOutcome.ServerError);
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(check)).Status); // two in a row: not yet
        reachability.Observe("acme", ProviderCallOutcome.TransportError);
        reachability.Observe("other", ProviderCallOutcome.Success);

        var degraded = await RunAsync(check);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("No answer lately from: acme.", degraded.Description);
        Assert.Equal("answering", degraded.Data["other"]);

        // A caller's cancellation says nothing about the provider.
        reachability.Observe("acme", ProviderCallOutcome.Cancelled);
        Assert.Equal(HealthStatus.Degraded, (await RunAsync(check)).Status);

        // A 404 is an answer: the provider is there.
        reachability.Observe("acme", ProviderCallOutcome.ClientError);
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(check)).Status);

        // Failures long ago are not "lately".
        for (var i = 0; i < ProviderReachability.FailuresInARow; i++)
        {
            reachability.Observe("acme", ProviderCallOutcome.TransportError);
        }

        Assert.Equal(HealthStatus.Degraded, (await RunAsync(check)).Status);
        clock.Advance(ProviderReachability.Window + TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(check)).Status);
    }

    private static Task<HealthCheckResult> RunAsync(ProviderReachabilityHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext
    {
        Registration = new HealthCheckRegistration("providers", check, HealthStatus.Degraded, tags: null),
    }, TestContext.Current.CancellationToken);
}

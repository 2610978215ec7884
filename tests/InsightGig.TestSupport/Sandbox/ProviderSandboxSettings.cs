using InsightGig.Infrastructure.Providers;
using InsightGig.ProviderSandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// The settings that point the app's adapters at a <see cref="ProviderSandbox.ProviderSandboxServer"/>: every provider
/// part's <see cref="SandboxAdapterSettings"/> (the same values <c>EmbeddedSandbox</c> uses, relative to the sandbox root),
/// with short timeouts and retry delays so that a failing provider fails the test quickly.
/// </summary>
public static class ProviderSandboxSettings
{
    public static Dictionary<string, string?> For(Uri sandboxBase)
    {
        ArgumentNullException.ThrowIfNull(sandboxBase);
        var root = sandboxBase.AbsoluteUri.TrimEnd('/');
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var provider in SandboxAdapterSettings.For(root))
        {
            foreach (var (key, value) in provider.Settings)
            {
                settings[key] = value;
            }

            // Retries stay on (they are part of what is tested) but wait only briefly between tries. The time limits are generous:
            // on a loaded CI box a slow answer must not turn into a timeout (a POST that timed out is not sent again). A test
            // that makes the sandbox hang overrides them.
            settings[$"{provider.Section}:Http:AttemptTimeout"] = "00:00:20";
            settings[$"{provider.Section}:Http:TotalTimeout"] = "00:00:45";
            settings[$"{provider.Section}:Http:RetryBaseDelay"] = "00:00:00.020";
            settings[$"{provider.Section}:Http:MaxRetryAfter"] = "00:00:02";
        }

        // As in Development: each unit's published development values (Zoom's webhook secret), where the sandbox needs them.
        foreach (var unit in ProviderSettingsSection.RegisteredIn(new ServiceCollection().AddProviderAdapters(new ConfigurationBuilder().Build())))
        {
            foreach (var (key, value) in unit.DevelopmentDefaults)
            {
                settings[$"{unit.Name}:{key}"] = value;
            }
        }

        // Tests sign in, link and schedule far more often than a person: the app's rate limits are not what they test.
        settings[TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value;
        settings["RateLimits:SignInPerMinute"] = "100000";
        settings["RateLimits:SchedulingPerMinute"] = "100000";
        settings["RateLimits:SignInPerAccountPerMinute"] = "100000";
        settings["RateLimits:LinkingPerMinute"] = "100000";
        settings["RateLimits:FindTimePerMinute"] = "100000";
        // No background jobs: a token refresh or a meeting sweep running on its own would race what a test checks.
        settings["Jobs:RunServer"] = "false";
        return settings;
    }
}

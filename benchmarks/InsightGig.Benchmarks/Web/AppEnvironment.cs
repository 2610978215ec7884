using System.Globalization;
using InsightGig.ProviderSandbox;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// The environment the published app runs with in the benchmarks and the load run: Production (no developer exception
/// page, HSTS, Secure cookies, no embedded sandbox), Kestrel on loopback over HTTPS with the throw-away certificate,
/// PostgreSQL, and the Zoom/Google adapters pointed at the benchmark's sandbox as if it were the real providers.
/// </summary>
internal static class AppEnvironment
{
    public static Dictionary<string, string> Production(Uri appUrl, string certificatePath, string certificatePassword, string postgres, Uri sandbox)
    {
        var root = sandbox.AbsoluteUri.TrimEnd('/');
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = appUrl.AbsoluteUri.TrimEnd('/'),
            ["Kestrel__Certificates__Default__Path"] = certificatePath,
            ["Kestrel__Certificates__Default__Password"] = certificatePassword,
            ["App__PublicBaseUrl"] = appUrl.AbsoluteUri.TrimEnd('/'),
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__PostgreSql"] = postgres,
            ["Database__MigrateOnStartup"] = "false",
            ["Database__SeedDemoData"] = "false",
            ["Providers__Zoom__WebhookSecretToken"] = "bench-webhook-secret",
            // Production refuses to start without a mail server unless told to run without one; no benchmark sends mail.
            ["Email__Enabled"] = "false",
            // The seeding host's key ring certificate: the app reads the tokens it protected.
            ["DataProtection__Certificate__Path"] = BenchmarkKeyRing.CertificatePath,
            // One client address for every virtual user: the per-address and per-user limits are not what is measured.
            ["RateLimits__SignInPerMinute"] = "1000000",
            ["RateLimits__SchedulingPerMinute"] = "1000000",
            ["RateLimits__LinkingPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };

        // Every provider's adapters point at the sandbox, with the settings its sandbox part lists (as environment variables).
        foreach (var (key, value) in SandboxAdapterSettings.For(root).SelectMany(provider => provider.Settings))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    /// <summary>The recurring jobs stay registered but never come due during a run (they would add provider calls to the measured ones).</summary>
    public static void QuietRecurringJobs(Dictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var job in new[] { "TokenRefreshCron", "MeetingSyncCron", "CalendarSyncCron" })
        {
            environment[$"Jobs__{job}"] = "0 0 1 1 *";
        }
    }

    public static Uri LoopbackHttps(int port) => new(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}/"));
}

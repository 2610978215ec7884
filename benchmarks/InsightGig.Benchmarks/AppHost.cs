using System.Globalization;
using InsightGig.Application;
using InsightGig.Infrastructure;
using InsightGig.ProviderSandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InsightGig.Benchmarks;

/// <summary>One app instance without its web front: the Application and Infrastructure services as the app registers them, on PostgreSQL, talking to the sandbox.</summary>
internal static class AppHost
{
    /// <summary>Tokens expiring within this are refreshed (the app's default, <c>Jobs:TokenRefreshWindow</c>).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static IHost Build(string connectionString, Uri sandbox, bool runHangfireServer, int workers, Action<IServiceCollection>? services = null)
    {
        var root = sandbox.AbsoluteUri.TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:PostgreSql"] = connectionString,
            ["Jobs:RunServer"] = runHangfireServer ? "true" : "false",
            ["Jobs:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture),
            // As many token refresh drain jobs as workers: the run measures refreshing, nothing else competes for workers.
            ["Jobs:TokenRefreshDrainJobs"] = workers.ToString(CultureInfo.InvariantCulture),
            // Only the benchmark starts sweeps.
            ["Jobs:TokenRefreshCron"] = "0 0 1 1 *",
            ["Jobs:TokenRefreshWindow"] = Window.ToString("c", CultureInfo.InvariantCulture),
            ["Providers:Zoom:WebhookSecretToken"] = "bench-webhook-secret",
            ["DataProtection:Certificate:Path"] = BenchmarkKeyRing.CertificatePath,
        };

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "InsightGig.Benchmarks",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        // Every provider's adapters point at the sandbox, with the settings its sandbox part lists.
        foreach (var (key, value) in SandboxAdapterSettings.For(root).SelectMany(provider => provider.Settings))
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration, Path.GetTempPath());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}

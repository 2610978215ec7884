using System.Globalization;
using System.Net;
using InsightGig.Application;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Providers;
using InsightGig.ProviderSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InsightGig.Benchmarks;

/// <summary>
/// One app instance without its pages: the Application and Infrastructure services as the app registers them, on PostgreSQL,
/// talking to the sandbox; with <see cref="BuildWithWebhooks"/> also the providers' webhook endpoints on a loopback port.
/// </summary>
internal static class AppHost
{
    /// <summary>Tokens expiring within this are refreshed (the app's default, <c>Jobs:TokenRefreshWindow</c>).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static IHost Build(string connectionString, Uri sandbox, bool runHangfireServer, int workers, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "InsightGig.Benchmarks",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        Configure(builder, connectionString, sandbox, runHangfireServer, workers, services);
        return builder.Build();
    }

    /// <summary>
    /// The same app with its providers' webhook endpoints (<c>POST /webhooks/{provider}</c>, as the Web project maps them) on
    /// http://127.0.0.1:{free port}, so the sandbox can deliver notifications over HTTP. Not started; <see cref="AddressOf"/> after starting.
    /// </summary>
    public static WebApplication BuildWithWebhooks(string connectionString, Uri sandbox, int workers, Action<IServiceCollection>? services = null)
    {
        // An empty builder, as the sandbox's own server: no configuration files or environment variables.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "InsightGig.Benchmarks",
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        Configure(builder, connectionString, sandbox, runHangfireServer: false, workers, services);
        var app = builder.Build();
        app.MapProviderEndpoints();
        return app;
    }

    /// <summary>The root a started <see cref="BuildWithWebhooks"/> app listens on, ending with "/".</summary>
    public static Uri AddressOf(IHost app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/') + "/");

    private static void Configure(IHostApplicationBuilder builder, string connectionString, Uri sandbox, bool runHangfireServer, int workers, Action<IServiceCollection>? services)
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
    }
}

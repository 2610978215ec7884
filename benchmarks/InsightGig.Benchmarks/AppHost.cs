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
        var clients = new ProviderSandboxOptions();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:PostgreSql"] = connectionString,
            ["Jobs:RunServer"] = runHangfireServer ? "true" : "false",
            ["Jobs:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture),
            // Only the benchmark starts sweeps.
            ["Jobs:TokenRefreshCron"] = "0 0 1 1 *",
            ["Jobs:TokenRefreshWindow"] = Window.ToString("c", CultureInfo.InvariantCulture),
            ["Providers:Zoom:ClientId"] = clients.Zoom.ClientId,
            ["Providers:Zoom:ClientSecret"] = clients.Zoom.ClientSecret,
            ["Providers:Zoom:AuthorizeUrl"] = $"{root}/zoom/oauth/authorize",
            ["Providers:Zoom:TokenUrl"] = $"{root}/zoom/oauth/token",
            ["Providers:Zoom:RevokeUrl"] = $"{root}/zoom/oauth/revoke",
            ["Providers:Zoom:ApiBaseUrl"] = $"{root}/zoom/v2/",
            ["Providers:Zoom:WebhookSecretToken"] = "bench-webhook-secret",
            ["Providers:Google:ClientId"] = clients.Google.ClientId,
            ["Providers:Google:ClientSecret"] = clients.Google.ClientSecret,
            ["Providers:Google:AuthorizeUrl"] = $"{root}/google/o/oauth2/v2/auth",
            ["Providers:Google:TokenUrl"] = $"{root}/google/token",
            ["Providers:Google:RevokeUrl"] = $"{root}/google/revoke",
            ["Providers:Google:UserInfoUrl"] = $"{root}/google/oauth2/v3/userinfo",
            ["Providers:Google:ApiRootUrl"] = $"{root}/google/",
            ["DataProtection:Certificate:Path"] = BenchmarkKeyRing.CertificatePath,
        };

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "InsightGig.Benchmarks",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration, Path.GetTempPath());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// The sandbox on its own Kestrel server, listening on <c>http://127.0.0.1:{free port}</c> (loopback only) and mounted
/// at the root (prefix ""): <see cref="BaseAddress"/> + "zoom/...", "google/...", "_sandbox/...". For integration tests and benchmarks.
/// </summary>
public sealed class ProviderSandboxServer : IAsyncDisposable
{
    /// <summary>The standalone server mounts the sandbox at the root.</summary>
    public const string Prefix = "";

    private readonly WebApplication _app;

    private ProviderSandboxServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The root under which <c>zoom/</c>, <c>google/</c> and <c>_sandbox/</c> live; ends with "/".</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's services (e.g. a TimeProvider registered through <c>configureServices</c>).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The sandbox's state, for inspection and fault injection.</summary>
    public ProviderSandboxState State => _app.Services.GetRequiredService<ProviderSandboxState>();

    /// <summary>Starts a sandbox server.</summary>
    public static Task<ProviderSandboxServer> StartAsync(Action<ProviderSandboxOptions>? configure = null, CancellationToken ct = default) =>
        StartAsync(configure, configureServices: null, ct);

    /// <summary>Starts a sandbox server; <paramref name="configureServices"/> can register e.g. a fake <see cref="TimeProvider"/>.</summary>
    public static async Task<ProviderSandboxServer> StartAsync(
        Action<ProviderSandboxOptions>? configure,
        Action<IServiceCollection>? configureServices,
        CancellationToken ct = default)
    {
        // An empty builder: no configuration files or environment variables can move the server off loopback.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ProviderSandboxServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddProviderSandbox(configure);
        configureServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.MapProviderSandbox(Prefix);
        await app.StartAsync(ct);
        string address = app.Urls.Single();
        return new ProviderSandboxServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops the server (hung fault requests are cut after 2 s).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

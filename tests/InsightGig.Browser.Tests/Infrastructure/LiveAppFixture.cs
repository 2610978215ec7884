using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using InsightGig.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel at <c>http://127.0.0.1:{free port}</c>, in Development (migrated and demo-seeded), on a SQLite
/// file of its own, with the embedded provider sandbox at <c>/sandbox</c>: the app's adapters call it over real HTTP and
/// the browser signs in to "Zoom" and "Google" there. One per test class; every test gets a fresh browser context.
/// </summary>
public class LiveAppFixture : InsightGigWebFactory, IAsyncLifetime
{
    private HttpClient? _http;

    public LiveAppFixture()
    {
        Port = FreeLoopbackPort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    /// <summary>The app's address, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public string SandboxUrl => BaseUrl + "/sandbox";

    public virtual ValueTask InitializeAsync()
    {
        StartServer();
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        return ValueTask.CompletedTask;
    }

    /// <summary>Everything the sandbox holds (<c>GET /sandbox/_sandbox/state</c>), read over HTTP as any client would.</summary>
    public async Task<JsonElement> GetSandboxStateAsync()
    {
        var http = _http ?? throw new InvalidOperationException("The app has not started.");
        using var response = await http.GetAsync(new Uri("sandbox/_sandbox/state", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: TestContext.Current.CancellationToken);
        return document.RootElement.Clone();
    }

    public override async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The adapters call the sandbox at the app's own address, as `dotnet run` does (EmbeddedSandbox).
        builder.UseSetting("urls", BaseUrl);
        builder.UseSetting("Providers:Sandbox:BaseUrl", SandboxUrl);
    }

    /// <summary>A port nobody listens on now: bind port 0 on loopback, read what the OS chose, let it go.</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}

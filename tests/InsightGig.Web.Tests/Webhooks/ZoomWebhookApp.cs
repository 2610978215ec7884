using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Webhooks;

/// <summary>
/// A class fixture: a provider sandbox on loopback and the app (SQLite, demo data) served by Kestrel on a free loopback
/// port, so that the sandbox can deliver webhooks to it over real HTTP as Zoom would.
/// </summary>
public sealed class ZoomWebhookApp : IAsyncLifetime
{
    /// <summary>The webhook secret token the app is configured with (<c>Providers:Zoom:WebhookSecretToken</c>).</summary>
    public const string SecretToken = "sandbox-zoom-webhook-secret";

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public KestrelSandboxedWebFactory Factory { get; private set; } = null!;

    public IServiceProvider Services => Factory.Services;

    /// <summary>The app's root on Kestrel, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public Uri WebhookUrl => new(Address, "webhooks/zoom");

    /// <summary>A plain HTTP client to <see cref="Address"/> (no cookies, no redirects followed).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync();
        Factory = new KestrelSandboxedWebFactory(Sandbox.BaseAddress, SecretToken);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>No connections, meetings or link attempts in the app; a fresh sandbox.</summary>
    public Task ResetAsync() => SandboxTestData.ResetAsync(Services, State);

    /// <summary>Links a demo person's Zoom account with sandbox-issued tokens.</summary>
    public Task<SandboxIssuedTokens> ConnectZoomAsync(DemoAccount person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, SandboxProvider.Zoom);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}

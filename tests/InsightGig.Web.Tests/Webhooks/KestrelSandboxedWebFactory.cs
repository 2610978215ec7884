using System.Net;
using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting;

namespace InsightGig.Web.Tests.Webhooks;

/// <summary>
/// The app (SQLite, demo data, Development) served by Kestrel on 127.0.0.1 and a free port instead of the in-memory
/// TestServer, so that other processes and servers (the provider sandbox) can call it; its adapters talk to the sandbox.
/// </summary>
public sealed class KestrelSandboxedWebFactory : InsightGigWebFactory
{
    private readonly Dictionary<string, string?> _settings;

    public KestrelSandboxedWebFactory(Uri sandboxBase, string webhookSecretToken)
        : base(DatabaseProvider.Sqlite, connectionString: null)
    {
        _settings = ProviderSandboxSettings.For(sandboxBase);
        _settings["Providers:Zoom:WebhookSecretToken"] = webhookSecretToken;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

using System.Net;
using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting;

namespace InsightGig.Web.Tests.CalendarSync;

/// <summary>The app on Kestrel at <c>publicBase</c>, with that as <c>App:PublicBaseUrl</c> and its adapters on the sandbox.</summary>
public sealed class GooglePushWebFactory : InsightGigWebFactory
{
    private readonly Dictionary<string, string?> _settings;

    public GooglePushWebFactory(Uri sandboxBase, Uri publicBase)
        : base(DatabaseProvider.Sqlite, connectionString: null)
    {
        _settings = ProviderSandboxSettings.For(sandboxBase);
        _settings["App:PublicBaseUrl"] = publicBase.AbsoluteUri;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, publicBase.Port));
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

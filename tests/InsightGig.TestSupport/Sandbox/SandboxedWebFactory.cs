using InsightGig.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// <see cref="InsightGigWebFactory"/> whose Zoom and Google adapters talk, over real HTTP, to a
/// <see cref="ProviderSandbox.ProviderSandboxServer"/> on loopback (so the app does not mount its embedded sandbox).
/// The TestServer's own address is <c>http://localhost</c>, a loopback redirect URI the sandbox accepts.
/// </summary>
public sealed class SandboxedWebFactory : InsightGigWebFactory
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="overrides">More settings, e.g. <c>Providers:Google:Scopes</c>.</param>
    public SandboxedWebFactory(
        Uri sandboxBase,
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        string? connectionString = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
        : base(provider, connectionString)
    {
        _settings = ProviderSandboxSettings.For(sandboxBase);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
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

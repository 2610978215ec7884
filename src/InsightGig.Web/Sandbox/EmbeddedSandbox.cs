using System.Runtime.CompilerServices;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers;
using InsightGig.Infrastructure.Security;
using InsightGig.ProviderSandbox;
using InsightGig.Web.Infrastructure;

namespace InsightGig.Web.Sandbox;

/// <summary>
/// Every registered provider unit without credentials (its <see cref="ProviderSettingsSection.CredentialPath"/>) is pointed
/// at the provider sandbox, mounted at <c>/sandbox</c>: in Development by default, so a fresh clone runs the whole flow with
/// nothing to set up; outside Development only when <c>Providers:Sandbox:Enabled=true</c> says so (never in Production), and
/// then only with values of its own for the unit's published development values (a webhook secret anyone could sign with).
/// Only the methods that mount it name the sandbox's types (and are never inlined), so an app that does not mount it never
/// loads the sandbox assembly.
/// </summary>
internal static class EmbeddedSandbox
{
    public const string Prefix = "/sandbox";
    public const string EnabledKey = "Providers:Sandbox:Enabled";

    /// <summary>
    /// Decides from the provider units registered so far (call it after they are); points those without credentials at
    /// the sandbox and answers whether it is needed.
    /// </summary>
    public static bool Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var units = ProviderSettingsSection.RegisteredIn(builder.Services);
        if (!environment.IsDevelopment()
            && units.SelectMany(unit => unit.DevelopmentDefaults.Select(value => (Key: $"{unit.Name}:{value.Key}", value.Value)))
                .FirstOrDefault(published => configuration[published.Key] == published.Value) is { Key: { } publishedKey })
        {
            throw new StartupConfigurationException(
                $"{publishedKey} is the sandbox's published development secret; set a value of your own outside Development.");
        }

        var sandboxed = units.Where(unit => string.IsNullOrWhiteSpace(configuration[unit.CredentialPath])).ToList();
        if (sandboxed.Count == 0)
        {
            return false;
        }

        var credentials = string.Join(" and ", sandboxed.Select(unit => unit.CredentialPath));
        if (environment.IsProduction())
        {
            throw new StartupConfigurationException(
                $"{credentials} (and their secrets) must be configured in Production; the provider sandbox never runs there.");
        }

        if (!(Enabled(configuration) ?? environment.IsDevelopment()))
        {
            throw new StartupConfigurationException(
                $"{credentials} (and their secrets) must be configured, or set {EnabledKey}=true " +
                $"to use the provider sandbox (on by default in Development only).");
        }

        var development = environment.IsDevelopment();
        var developmentValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in sandboxed.SelectMany(unit => unit.DevelopmentDefaults.Select(d => ($"{unit.Name}:{d.Key}", d.Value)))
                     .Where(setting => string.IsNullOrWhiteSpace(configuration[setting.Item1])))
        {
            developmentValues[key] = development
                ? value
                : throw new StartupConfigurationException(
                    $"{EnabledKey}=true outside Development needs {key}: the sandbox's built-in value is public.");
        }

        configuration.AddInMemoryCollection(developmentValues);
        Mount(builder, [.. sandboxed.Select(unit => unit.Name)]);
        return true;
    }

    /// <summary>
    /// Maps the sandbox's endpoints, when <see cref="Configure"/> said it is needed. Its inspection pages and control API show
    /// and change everyone's provider data: open in Development (the README's demo links), for admins only elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Map(WebApplication app) =>
        app.MapProviderSandbox(Prefix, app.Environment.IsDevelopment() ? null : InsightGig.Web.DependencyInjection.AdminPolicy).WithMetadata(SecurityHeaders.Sandbox);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Mount(WebApplicationBuilder builder, HashSet<string> sandboxedSections)
    {
        var configuration = builder.Configuration;
        var baseUrl = (configuration["Providers:Sandbox:BaseUrl"] ?? FirstListeningUrl(configuration) + Prefix).TrimEnd('/');
        var settings = new Dictionary<string, string?>();
        // Each provider's sandbox part says which settings point its adapters at it; only the units without credentials are pointed there.
        foreach (var provider in SandboxAdapterSettings.For(baseUrl).Where(provider => sandboxedSections.Contains(provider.Section)))
        {
            foreach (var (key, value) in provider.Settings)
            {
                settings[key] = value;
            }
        }

        configuration.AddInMemoryCollection(settings);
        builder.Services.AddProviderSandbox(sandbox =>
        {
            // The demo people appear as one-click accounts on the sandbox's sign-in pages.
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Morgan, DemoData.Erin, DemoData.Priya, DemoData.Admin })
            {
                sandbox.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }

            sandbox.KnownAccounts.Add(new SandboxAccount("clara.personal@gmail.example", "Clara Whitfield (personal)"));
        });
    }

    /// <summary>The app's own first HTTP address (launch settings, ASPNETCORE_URLS or --urls), which the adapters call back into.</summary>
    /// <summary><see cref="EnabledKey"/> as true or false, null when unset; anything else refuses the start (one line, not a stack trace).</summary>
    private static bool? Enabled(ConfigurationManager configuration)
    {
        var value = configuration[EnabledKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return bool.TryParse(value.Trim(), out var enabled)
            ? enabled
            : throw new StartupConfigurationException($"{EnabledKey} is '{value}': set it to true or false.");
    }

    private static string FirstListeningUrl(ConfigurationManager configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";
        // Wildcard hosts are for binding, not calling.
        return first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }
}

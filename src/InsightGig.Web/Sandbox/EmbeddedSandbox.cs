using System.Runtime.CompilerServices;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Security;
using InsightGig.ProviderSandbox;
using InsightGig.Web.Infrastructure;

namespace InsightGig.Web.Sandbox;

/// <summary>
/// With no provider credentials configured, the Development app mounts the provider sandbox at <c>/sandbox</c> and points
/// the Zoom and Google adapters at it, so a fresh clone runs the whole flow with nothing to set up. Outside Development it
/// mounts only when <c>Providers:Sandbox:Enabled=true</c> says so (never in Production), and then only with a webhook
/// secret of its own: the built-in one is public, and would let anyone forge a Zoom deauthorization.
/// Only the methods that mount it name the sandbox's types (and are never inlined), so an app that does not mount it never
/// loads the sandbox assembly.
/// </summary>
internal static class EmbeddedSandbox
{
    public const string Prefix = "/sandbox";
    public const string EnabledKey = "Providers:Sandbox:Enabled";

    /// <summary>Development's Zoom webhook secret: in the source, so never accepted outside Development.</summary>
    private const string DevelopmentWebhookSecret = "sandbox-zoom-webhook-secret";

    /// <summary>Points every provider that has no client id at the sandbox; answers whether the sandbox is needed.</summary>
    public static bool Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var webhookSecret = configuration["Providers:Zoom:WebhookSecretToken"];
        if (!environment.IsDevelopment() && webhookSecret == DevelopmentWebhookSecret)
        {
            throw new StartupConfigurationException(
                "Providers:Zoom:WebhookSecretToken is the sandbox's published development secret; set a secret of your own outside Development.");
        }

        var zoomMissing = string.IsNullOrWhiteSpace(configuration["Providers:Zoom:ClientId"]);
        var googleMissing = string.IsNullOrWhiteSpace(configuration["Providers:Google:ClientId"]);
        var microsoftMissing = string.IsNullOrWhiteSpace(configuration["Providers:Microsoft:ClientId"]);
        if (!zoomMissing && !googleMissing && !microsoftMissing)
        {
            return false;
        }

        if (environment.IsProduction())
        {
            throw new StartupConfigurationException(
                "Providers:Zoom:ClientId, Providers:Google:ClientId and Providers:Microsoft:ClientId (and their secrets) must be configured in Production; " +
                "the provider sandbox never runs there.");
        }

        if (!(Enabled(configuration) ?? environment.IsDevelopment()))
        {
            throw new StartupConfigurationException(
                $"Providers:Zoom:ClientId, Providers:Google:ClientId and Providers:Microsoft:ClientId (and their secrets) must be configured, or set {EnabledKey}=true " +
                $"to use the provider sandbox (on by default in Development only).");
        }

        if (zoomMissing && !environment.IsDevelopment() && string.IsNullOrWhiteSpace(webhookSecret))
        {
            throw new StartupConfigurationException(
                $"{EnabledKey}=true outside Development needs Providers:Zoom:WebhookSecretToken: the sandbox's built-in secret is public.");
        }

        Mount(builder);
        return true;
    }

    /// <summary>Maps the sandbox's endpoints, when <see cref="Configure"/> said it is needed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Map(WebApplication app) => app.MapProviderSandbox(Prefix).WithMetadata(SecurityHeaders.Sandbox);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Mount(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var baseUrl = (configuration["Providers:Sandbox:BaseUrl"] ?? FirstListeningUrl(configuration) + Prefix).TrimEnd('/');
        var settings = new Dictionary<string, string?>();
        // Each provider's sandbox part says which settings point its adapters at it; only the providers without a client id are pointed there.
        foreach (var provider in SandboxAdapterSettings.For(baseUrl))
        {
            if (!string.IsNullOrWhiteSpace(configuration[provider.Section + ":ClientId"]))
            {
                continue;
            }

            foreach (var (key, value) in provider.Settings)
            {
                settings[key] = value;
            }

            foreach (var (key, value) in provider.Defaults.Where(setting => string.IsNullOrWhiteSpace(configuration[setting.Key])))
            {
                settings[key] = value;
            }
        }

        configuration.AddInMemoryCollection(settings);
        builder.Services.AddProviderSandbox(sandbox =>
        {
            // The demo people appear as one-click accounts on the sandbox's sign-in pages.
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Erin, DemoData.Priya, DemoData.Admin })
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

using InsightGig.Infrastructure.Providers;
using InsightGig.Infrastructure.Security;
using InsightGig.Web.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Whether the embedded sandbox is mounted is decided over the registered provider units, not over two named ones: any unit
/// without credentials is pointed at it, and only those are.
/// </summary>
public sealed class SandboxDecisionTests
{
    private static readonly Dictionary<string, string?> RegisteredUnitsCredentials = new()
    {
        ["Providers:Zoom:ClientId"] = "real-zoom-client",
        ["Providers:Zoom:ClientSecret"] = "real-zoom-secret",
        ["Providers:Zoom:WebhookSecretToken"] = "own-webhook-secret",
        ["Providers:Google:ClientId"] = "real-google-client",
        ["Providers:Google:ClientSecret"] = "real-google-secret",
        ["Providers:Microsoft:ClientId"] = "real-microsoft-client",
        ["Providers:Microsoft:ClientSecret"] = "real-microsoft-secret",
    };

    [Fact]
    public void A_third_unit_without_credentials_is_sandboxed_even_when_the_others_have_theirs_and_only_it_is()
    {
        var builder = Builder("Development", RegisteredUnitsCredentials, thirdUnit: true);

        Assert.True(EmbeddedSandbox.Configure(builder));

        Assert.Equal("real-zoom-client", builder.Configuration["Providers:Zoom:ClientId"]);
        Assert.Null(builder.Configuration["Providers:Zoom:TokenUrl"]);
        Assert.Null(builder.Configuration["Providers:Google:TokenUrl"]);
        Assert.Equal("own-webhook-secret", builder.Configuration["Providers:Zoom:WebhookSecretToken"]);
    }

    [Fact]
    public void Production_names_the_unit_without_credentials_and_refuses()
    {
        var builder = Builder("Production", RegisteredUnitsCredentials, thirdUnit: true);

        var refusal = Assert.Throws<StartupConfigurationException>(() => EmbeddedSandbox.Configure(builder));

        Assert.StartsWith("Providers:Acme:ClientId (and their secrets) must be configured in Production", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Providers:Zoom", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_every_unit_credentialed_there_is_no_sandbox()
    {
        var settings = new Dictionary<string, string?>(RegisteredUnitsCredentials) { ["Providers:Acme:ClientId"] = "real-acme-client" };

        Assert.False(EmbeddedSandbox.Configure(Builder("Production", settings, thirdUnit: true)));
    }

    [Fact]
    public void A_unit_without_credentials_in_Development_gets_its_sandbox_settings_and_its_published_development_values()
    {
        var settings = new Dictionary<string, string?>(RegisteredUnitsCredentials);
        settings.Remove("Providers:Zoom:ClientId");
        settings.Remove("Providers:Zoom:WebhookSecretToken");
        var builder = Builder("Development", settings, thirdUnit: false);

        Assert.True(EmbeddedSandbox.Configure(builder));

        Assert.Contains("/sandbox/zoom/", builder.Configuration["Providers:Zoom:TokenUrl"], StringComparison.Ordinal);
        Assert.Null(builder.Configuration["Providers:Google:TokenUrl"]);
        var zoom = ProviderSettingsSection.RegisteredIn(builder.Services).Single(unit => unit.Name == "Providers:Zoom");
        Assert.Equal(zoom.DevelopmentDefaults["WebhookSecretToken"], builder.Configuration["Providers:Zoom:WebhookSecretToken"]);
    }

    private static WebApplicationBuilder Builder(string environment, Dictionary<string, string?> settings, bool thirdUnit)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddProviderAdapters(builder.Configuration);
        if (thirdUnit)
        {
            // A unit the sandbox has no part for: it is the decision that counts here, not where it is pointed.
            builder.Services.AddSingleton(new ProviderSettingsSection("Providers:Acme"));
        }

        return builder;
    }
}

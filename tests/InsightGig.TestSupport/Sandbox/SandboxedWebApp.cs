using System.Net;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using Xunit;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// A class fixture: one provider sandbox on loopback and one app (SQLite, demo data) whose adapters talk to it. The demo
/// people are the sandbox's known accounts. Tests of the class share both and call <see cref="ResetAsync"/> first.
/// </summary>
public class SandboxedWebApp : IAsyncLifetime
{
    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedWebFactory Factory { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public IServiceProvider Services => Factory.Services;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(ConfigureSandbox);
        Factory = new SandboxedWebFactory(Sandbox.BaseAddress);
        // Start the app now (migrations and the demo seed), not inside the first test.
        _ = Factory.Server;
    }

    /// <summary>Empties meetings, connections and link attempts, and resets the sandbox (faults included).</summary>
    public Task ResetAsync() => SandboxTestData.ResetAsync(Services, State);

    /// <summary>Links a demo person's provider account with sandbox-issued tokens, skipping the consent pages.</summary>
    public Task<SandboxIssuedTokens> ConnectAsync(DemoAccount person, SandboxProvider provider, string? accountEmail = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SandboxTestData.ConnectAsync(Services, State, person.Id, accountEmail ?? person.Email, provider);
    }

    /// <summary>
    /// "Connect" as a person clicks it on Connected apps: POST <c>/integrations/{provider}/connect</c> with the page's
    /// antiforgery token. Answers the response: a 302 to the provider's consent page when all is well.
    /// </summary>
    public static async Task<HttpResponseMessage> StartLinkAsync(HttpClient app, string provider, string returnUrl = "/Account/ConnectedApps")
    {
        ArgumentNullException.ThrowIfNull(app);
        var token = await InsightGigWebFactory.GetFormTokenAsync(app, "/Account/ConnectedApps");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        });
        return await app.PostAsync(new Uri($"/integrations/{provider}/connect", UriKind.Relative), form);
    }

    /// <summary>Starts linking and answers the provider consent URL the app redirected to.</summary>
    public static async Task<Uri> StartLinkUriAsync(HttpClient app, string provider, string returnUrl = "/Account/ConnectedApps")
    {
        using var response = await StartLinkAsync(app, provider, returnUrl);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { IsAbsoluteUri: true } location
            ? location
            : throw new InvalidOperationException($"Connecting {provider} answered {(int)response.StatusCode}, not a redirect to the provider.");
    }

    /// <summary>The whole link as a person does it: Connect, sign in as <paramref name="accountEmail"/> and allow. Answers the callback's response.</summary>
    public static async Task<HttpResponseMessage> LinkAsync(HttpClient app, string provider, string accountEmail, string returnUrl = "/Account/ConnectedApps")
    {
        ArgumentNullException.ThrowIfNull(app);
        var consent = await StartLinkUriAsync(app, provider, returnUrl);
        var callback = await SandboxConsent.ApproveAsync(consent, accountEmail);
        return await app.GetAsync(callback);
    }

    protected virtual void ConfigureSandbox(ProviderSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Erin, DemoData.Hiro, DemoData.Priya, DemoData.Marco, DemoData.Sofia })
        {
            options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

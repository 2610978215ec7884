using System.Globalization;
using System.Net;
using System.Text;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Outside Development the provider sandbox is mounted only when configuration asks for it, and then only with a Zoom
/// webhook secret of the operator's own: a deauthorization signed with the sandbox's published secret disconnects nobody.
/// (Starting without credentials and without the sandbox, or with the sandbox and no secret, is refused: <see cref="StartupRefusalTests"/>.)
/// </summary>
public sealed class SandboxMountingTests
{
    private const string OwnSecret = "staging-own-webhook-secret";
    private const string PublishedSecret = "sandbox-zoom-webhook-secret";
    private static readonly Uri Https = new("https://insightgig.example");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staging_with_credentials_has_no_sandbox()
    {
        await using var factory = new StagingWebFactory(new()
        {
            ["Providers:Zoom:ClientId"] = "dummy-zoom-client-id",
            ["Providers:Zoom:ClientSecret"] = "dummy-zoom-client-secret",
            ["Providers:Zoom:WebhookSecretToken"] = OwnSecret,
            ["Providers:Google:ClientId"] = "dummy-google-client-id.apps.googleusercontent.com",
            ["Providers:Google:ClientSecret"] = "dummy-google-client-secret",
            ["Providers:Microsoft:ClientId"] = "00000000-0000-0000-0000-000000000001",
            ["Providers:Microsoft:ClientSecret"] = "dummy-microsoft-client-secret",
        });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });
        using var signIn = await InsightGigWebFactory.SignInAsync(client, DemoData.Clara.Email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var state = await client.GetAsync(new Uri("/sandbox/_sandbox/state", UriKind.Relative), Ct);
        using var consent = await client.GetAsync(new Uri("/sandbox/zoom/oauth/authorize", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, consent.StatusCode);
    }

    [Fact]
    public async Task Staging_mounts_the_sandbox_when_enabled_and_a_deauthorization_forged_with_the_published_secret_disconnects_nobody()
    {
        await using var factory = new StagingWebFactory(new()
        {
            ["Providers:Sandbox:Enabled"] = "true",
            ["Providers:Zoom:WebhookSecretToken"] = OwnSecret,
        });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });
        using (await InsightGigWebFactory.SignInAsync(client, DemoData.Admin.Email))
        using (var state = await client.GetAsync(new Uri("/sandbox/_sandbox/state", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        }

        var issued = await SandboxTestData.ConnectAsync(
            factory.Services, factory.Services.GetRequiredService<ProviderSandboxState>(), DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);

        using var forged = await DeauthorizeAsync(client, issued.AccountId, PublishedSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var untouched = await SandboxTestData.ConnectionAsync(factory.Services, DemoData.Clara.Id, "zoom");
        Assert.NotNull(untouched);
        Assert.Equal(ConnectionStatus.Active, untouched.Status);
        Assert.NotNull(untouched.ProtectedRefreshToken);

        // The same delivery signed with the configured secret is Zoom's: it does disconnect (so the refusal above means something).
        using var genuine = await DeauthorizeAsync(client, issued.AccountId, OwnSecret);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        var after = await SandboxTestData.ConnectionAsync(factory.Services, DemoData.Clara.Id, "zoom");
        Assert.Equal(ConnectionStatus.Disconnected, after?.Status);
        Assert.Null(after?.ProtectedRefreshToken);
    }

    [Fact]
    public async Task Outside_Development_the_sandbox_inspection_pages_and_control_API_are_for_admins_while_its_provider_endpoints_stay_open()
    {
        await using var factory = new StagingWebFactory(new()
        {
            ["Providers:Sandbox:Enabled"] = "true",
            ["Providers:Zoom:WebhookSecretToken"] = OwnSecret,
        });
        var sandbox = factory.Services.GetRequiredService<ProviderSandboxState>();
        sandbox.IssueTokens(SandboxProvider.Zoom, DemoData.Clara.Email);
        string[] inspection =
        [
            "/sandbox/",
            "/sandbox/_sandbox/state",
            "/sandbox/_sandbox/faults",
            "/sandbox/google/calendar?account=" + Uri.EscapeDataString(DemoData.Clara.Email),
        ];

        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });
        foreach (var path in inspection)
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using (var reset = await anonymous.PostAsync(new Uri("/sandbox/_sandbox/reset", UriKind.Relative), content: null, Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        Assert.NotEmpty(sandbox.GetGrants(SandboxProvider.Zoom)); // nothing was reset

        // What the adapters and the consent flow call stays anonymous: the sandbox answers, not the app's sign-in.
        using (var token = await anonymous.PostAsync(new Uri("/sandbox/zoom/oauth/token", UriKind.Relative), new FormUrlEncodedContent([]), Ct))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, token.StatusCode);
            Assert.True(token.Headers.Location is null);
        }

        using var person = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });
        using (await InsightGigWebFactory.SignInAsync(person, DemoData.Clara.Email))
        using (var state = await person.GetAsync(new Uri("/sandbox/_sandbox/state", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
        }

        using var admin = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });
        using (await InsightGigWebFactory.SignInAsync(admin, DemoData.Admin.Email))
        {
            foreach (var path in inspection)
            {
                using var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var reset = await admin.PostAsync(new Uri("/sandbox/_sandbox/reset", UriKind.Relative), content: null, Ct);
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Empty(sandbox.GetGrants(SandboxProvider.Zoom));
    }

    private static async Task<HttpResponseMessage> DeauthorizeAsync(HttpClient client, string zoomUserId, string secret)
    {
        var body = ZoomWebhookTests.DeauthorizedBody(zoomUserId);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/zoom", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", ZoomWebhookTests.Signature(secret, timestamp, body));
        return await client.SendAsync(request, Ct);
    }

    /// <summary>The app as Staging runs it (SQLite and the demo seed aside), with the given settings.</summary>
    private sealed class StagingWebFactory(Dictionary<string, string?> settings) : InsightGigWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Staging");
            builder.UseSetting("https_port", "443");
            builder.UseSetting("Jobs:RunServer", "false");
            builder.UseSetting("Email:Smtp:Host", "smtp.example.invalid");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

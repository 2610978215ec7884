using System.Net;
using AngleSharp.Html.Parser;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.TestSupport;
using InsightGig.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Security headers on every kind of response: a Content-Security-Policy whose scripts are the site's own files only (no
/// <c>'unsafe-inline'</c>, and no inline script or event handler on the pages that it would have to allow), nosniff, a
/// Referrer-Policy and <c>frame-ancestors 'none'</c>. The cookies are HttpOnly and SameSite.
/// </summary>
[Collection(SecurityGroup.Name)]
public sealed class SecurityHeadersTests(SecurityApp app)
{
    private static readonly string[] AcceptedReferrerPolicies = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];

    public static TheoryData<Role, string> Responses() => new()
    {
        { Role.Anonymous, "/Account/Login" },
        { Role.Anonymous, "/Projects" },
        { Role.Anonymous, "/Errors/404" },
        { Role.Clara, "/" },
        { Role.Clara, "/Experts" },
        { Role.Clara, $"/Experts/{DemoData.Hiro.Id}" },
        { Role.Clara, $"/Briefs/{DemoData.NorthwindBriefId}" },
        { Role.Clara, $"/Projects/{DemoData.NorthwindProjectId}" },
        { Role.Clara, "/Meetings" },
        { Role.Clara, "/meetings/{meeting}" },
        { Role.Clara, "/meetings/{meeting}?confirmCancel=true" },
        { Role.Clara, "/meetings/{meeting}/ics" },
        { Role.Clara, "/Account/ConnectedApps" },
        { Role.Clara, "/integrations/zoom/callback?state=forged" },
        { Role.Clara, "/No/Such/Page" },
        { Role.Gina, $"/Projects/{DemoData.NorthwindProjectId}" },
        { Role.Gina, "/hangfire" },
        { Role.Admin, "/hangfire" },
        { Role.Clara, "/css/site.css" },
        { Role.Clara, "/js/site.js" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(Role role, string url)
    {
        var client = await app.ClientAsync(role);
        url = url.Replace("{meeting}", app.MatrixMeetingId.ToString(), StringComparison.Ordinal);

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), SecurityApp.Ct);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Contains(Single(response, "Referrer-Policy"), AcceptedReferrerPolicies);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        // The benchmark's runtime figures (collections, allocations, thread pool) only with Benchmarks:BareEndpoints.
        Assert.False(response.Headers.Contains("X-Bench-Runtime"));
        var policy = Csp(response);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        if (url.StartsWith("/hangfire", StringComparison.Ordinal))
        {
            // The admin-only dashboard has its own, still strict, policy: HangfireDashboardTests check it.
            return;
        }

        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            // What the policy forbids must not be needed: no inline script, no inline event handler on any page.
            var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(SecurityApp.Ct));
            Assert.All(document.QuerySelectorAll("script"), script => Assert.StartsWith("/js/", script.GetAttribute("src"), StringComparison.Ordinal));
            Assert.Empty(document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => a.Name));
            Assert.Empty(document.QuerySelectorAll("[style]").Select(e => e.OuterHtml));
        }
    }

    [Fact]
    public async Task The_pages_let_forms_lead_to_the_consent_page_each_linker_really_uses()
    {
        // With real credentials and no AuthorizeUrl configured, the consent page is the option's default, which no
        // configuration key names: the policy must follow the linker, or the browser blocks the redirect to consent.
        const string ConsentPage = "https://consent.provider.example/oauth/authorize";
        await using var real = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.PostConfigure<ZoomOptions>(options => options.AuthorizeUrl = ConsentPage)));
        using var client = real.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), SecurityApp.Ct);

        var formAction = Csp(response)["form-action"];
        Assert.Contains("https://consent.provider.example", formAction);
        Assert.Equal("'self'", formAction[0]);
        using var scope = real.Services.CreateScope();
        Assert.All(
            scope.ServiceProvider.GetServices<IOAuthAccountLinker>().Where(linker => linker.AuthorizationEndpoint.IsAbsoluteUri),
            linker => Assert.Contains(linker.AuthorizationEndpoint.GetLeftPart(UriPartial.Authority), formAction));
    }

    [Fact]
    public async Task In_development_the_cookies_are_http_only_and_same_site_too()
    {
        using var client = app.Factory.CreateAnonymousClient();

        using var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), SecurityApp.Ct);
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
        using var form = SecurityApp.Form(("Input.Email", DemoData.Carlos.Email), ("Input.Password", DemoData.Password), ("__RequestVerificationToken", token));
        using var signIn = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, SecurityApp.Ct);

        var antiforgery = Cookie(login, "InsightGig.Antiforgery");
        var auth = Cookie(signIn, "InsightGig.Auth");
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"), "Development serves plain HTTP on loopback: no HSTS there.");
    }

    internal static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header.");

    /// <summary>The Content-Security-Policy's directives and their sources.</summary>
    internal static Dictionary<string, string[]> Csp(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0].ToLowerInvariant(), d => d[1..], StringComparer.Ordinal);

    /// <summary>The attributes of the Set-Cookie for <paramref name="name"/>, lower case (<c>secure</c>, <c>httponly</c>, <c>samesite=lax</c>…).</summary>
    internal static IReadOnlyList<string> Cookie(HttpResponseMessage response, string name)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) : null;
        Assert.True(header is not null, $"{response.RequestMessage?.RequestUri} set no {name} cookie.");
        return [.. header.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant())];
    }
}

/// <summary>
/// Outside Development: HTTPS redirection, HSTS, and Secure cookies. The app runs as Production with dummy provider
/// credentials (Production refuses to start without them, and never mounts the sandbox).
/// </summary>
public sealed class ProductionSecurityTests : IAsyncLifetime
{
    private static readonly Uri Https = new("https://insightgig.example");
    private static readonly Uri Http = new("http://insightgig.example");
    private readonly ProductionWebFactory _factory = new(withCredentials: true);

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Client(Uri baseAddress) =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = baseAddress, AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        using var client = Client(Http);

        using var response = await client.GetAsync(new Uri("/Account/Login?ReturnUrl=%2FProjects", UriKind.Relative), SecurityApp.Ct);

        Assert.True(response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect,
            $"answered {(int)response.StatusCode}");
        Assert.Equal("https://insightgig.example/Account/Login?ReturnUrl=%2FProjects", response.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task Https_responses_carry_hsts_and_the_security_headers()
    {
        using var client = Client(Https);

        using var response = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), SecurityApp.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = SecurityHeadersTests.Single(response, "Strict-Transport-Security");
        var maxAge = hsts.Split(';', StringSplitOptions.TrimEntries).Single(p => p.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.True(int.Parse(maxAge["max-age=".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 60 * 60 * 24 * 30, hsts);
        Assert.Equal(["'self'"], SecurityHeadersTests.Csp(response)["script-src"]);
        Assert.Equal(["'none'"], SecurityHeadersTests.Csp(response)["frame-ancestors"]);
        Assert.Equal("nosniff", SecurityHeadersTests.Single(response, "X-Content-Type-Options"));
        var html = await response.Content.ReadAsStringAsync(SecurityApp.Ct);
        Assert.DoesNotContain(DemoData.Password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_and_antiforgery_cookies_are_secure_http_only_and_same_site()
    {
        using var client = Client(Https);

        using var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), SecurityApp.Ct);
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
        using var form = SecurityApp.Form(("Input.Email", DemoData.Clara.Email), ("Input.Password", DemoData.Password), ("__RequestVerificationToken", token));
        using var signIn = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, SecurityApp.Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var antiforgery = SecurityHeadersTests.Cookie(login, "InsightGig.Antiforgery");
        var auth = SecurityHeadersTests.Cookie(signIn, "InsightGig.Auth");
        Assert.Contains("secure", antiforgery);
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);
        Assert.Contains("secure", auth);
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
        // Signed in over HTTPS, the session works; the secure cookie is never sent over plain HTTP.
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), SecurityApp.Ct);
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
    }

    [Fact]
    public async Task Production_never_mounts_the_provider_sandbox()
    {
        using var client = Client(Https);
        using var signIn = await InsightGigWebFactory.SignInAsync(client, DemoData.Clara.Email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var state = await client.GetAsync(new Uri("/sandbox/_sandbox/state", UriKind.Relative), SecurityApp.Ct);
        using var consent = await client.GetAsync(new Uri("/sandbox/zoom/oauth/authorize", UriKind.Relative), SecurityApp.Ct);

        // Signed in, so not a sign-in redirect: nothing is there at all.
        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, consent.StatusCode);
    }

    [Fact]
    public async Task The_known_device_cookie_is_secure_even_for_a_request_the_app_sees_as_plain_http()
    {
        // Antiforgery already refuses the form over plain HTTP here; the cookie must not depend on that (or on a proxy
        // that terminates TLS without saying so), so the throttle is asked directly with an http request.
        await using var scope = _factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";

        await scope.ServiceProvider.GetRequiredService<SignInThrottle>().RememberDeviceAsync(context, DemoData.Clara.Email);

        var header = Assert.Single(context.Response.Headers.SetCookie, cookie => cookie!.StartsWith(SignInThrottle.DeviceCookie + "=", StringComparison.Ordinal));
        var attributes = header!.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToArray();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }

    // Production without provider credentials (or without the key ring certificate) refusing to start: StartupRefusalTests.
}

/// <summary>The app as Production runs it (SQLite and the demo seed aside), with dummy provider credentials from configuration.</summary>
public sealed class ProductionWebFactory(bool withCredentials) : InsightGigWebFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        // The port HTTPS redirection sends browsers to (a TestServer has no HTTPS endpoint to discover it from).
        builder.UseSetting("https_port", "443");
        builder.UseSetting("Jobs:RunServer", "false");
        if (withCredentials)
        {
            builder.UseSetting("Providers:Zoom:ClientId", "dummy-zoom-client-id");
            builder.UseSetting("Providers:Zoom:ClientSecret", "dummy-zoom-client-secret");
            builder.UseSetting("Providers:Zoom:WebhookSecretToken", "dummy-zoom-webhook-secret");
            builder.UseSetting("Providers:Google:ClientId", "dummy-google-client-id.apps.googleusercontent.com");
            builder.UseSetting("Providers:Google:ClientSecret", "dummy-google-client-secret");
            builder.UseSetting("Providers:Microsoft:ClientId", "00000000-0000-0000-0000-000000000001");
            builder.UseSetting("Providers:Microsoft:ClientSecret", "dummy-microsoft-client-secret");
            builder.UseSetting("Email:Smtp:Host", "smtp.example.invalid");
        }
    }
}

using System.Net;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests;

public sealed class SignInTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    private const string WrongCredentials = "That email and password do not match an account.";

    public static TheoryData<string> DemoAccounts =>
    [
        DemoData.Clara.Email, DemoData.Carlos.Email, DemoData.Gina.Email, DemoData.Erin.Email, DemoData.Priya.Email, DemoData.Admin.Email,
    ];

    [Theory]
    [MemberData(nameof(DemoAccounts))]
    public async Task A_demo_account_signs_in_with_the_demo_password(string email)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await InsightGigWebFactory.SignInAsync(client, email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var (home, document) = await client.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.NotNull(document.QuerySelector("nav[aria-label='Main']"));
        home.Dispose();
    }

    [Fact]
    public async Task The_home_page_greets_the_signed_in_person()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        var (response, document) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Welcome, {DemoData.Clara.FullName}", document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Europe/London", document.QuerySelector("footer")?.TextContent, StringComparison.Ordinal);
        response.Dispose();
    }

    [Theory]
    [InlineData("clara.client@northwind.example", "not-the-password")]
    [InlineData("nobody@northwind.example", "InsightGig-Demo-2026!")]
    public async Task Wrong_credentials_say_so_plainly_and_sign_nobody_in(string email, string password)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await InsightGigWebFactory.SignInAsync(client, email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadDocumentAsync();
        Assert.Equal(WrongCredentials, document.QuerySelector("[role='alert']")?.TextContent.Trim());
        Assert.Equal(email, document.QuerySelector("input[name='Input.Email']")?.GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(document.QuerySelector("input[name='Input.Password']")?.GetAttribute("value")), "The password must not be echoed back.");
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
    }

    [Fact]
    public async Task Missing_fields_are_reported_next_to_them()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await InsightGigWebFactory.SignInAsync(client, "", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadDocumentAsync();
        Assert.Equal("Enter your email.", document.QuerySelector("#email-error")?.TextContent.Trim());
        Assert.Equal("Enter your password.", document.QuerySelector("#password-error")?.TextContent.Trim());
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_asked_for_but_never_to_another_site()
    {
        using var client = factory.CreateAnonymousClient();
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");

        async Task<string?> SignInWithReturnUrl(string returnUrl)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = DemoData.Carlos.Email,
                ["Input.Password"] = DemoData.Password,
                ["ReturnUrl"] = returnUrl,
                ["__RequestVerificationToken"] = token,
            });
            using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location?.OriginalString;
        }

        Assert.Equal("/Projects", await SignInWithReturnUrl("/Projects"));
        token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
        Assert.Equal("/", await SignInWithReturnUrl("https://evil.example/steal"));
        token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
        Assert.Equal("/", await SignInWithReturnUrl("//evil.example/steal"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Gina);
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Projects");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.OriginalString);
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
    }
}

public sealed class AntiforgeryTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    [Fact]
    public async Task Signing_in_without_the_token_is_refused()
    {
        using var client = factory.CreateAnonymousClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.Clara.Email,
            ["Input.Password"] = DemoData.Password,
        });

        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_browser_is_refused()
    {
        // The attacker's token is genuine (issued by the app to the attacker's browser, with its own cookie); only the
        // pairing with the victim's cookie is wrong. The controls below show the same token and form are otherwise accepted.
        using var attacker = factory.CreateAnonymousClient();
        var attackersToken = await InsightGigWebFactory.GetFormTokenAsync(attacker, "/Account/Login");
        using var victim = factory.CreateAnonymousClient();
        var victimsToken = await InsightGigWebFactory.GetFormTokenAsync(victim, "/Account/Login");
        Assert.NotEqual(victimsToken, attackersToken);

        using var crossed = await PostSignInAsync(victim, attackersToken);

        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
        Assert.Null(crossed.Headers.Location);
        using (var projects = await victim.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
        }

        // Controls: each browser's own token signs in with the very same form.
        using var victimsOwn = await PostSignInAsync(victim, victimsToken);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (victimsOwn.StatusCode, victimsOwn.Headers.Location?.OriginalString));
        using var attackersOwn = await PostSignInAsync(attacker, attackersToken);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (attackersOwn.StatusCode, attackersOwn.Headers.Location?.OriginalString));
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.Clara.Email,
            ["Input.Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Signing_out_without_the_token_is_refused_and_keeps_the_session()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);
        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());

        using var response = await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), empty, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
    }

    [Fact]
    public async Task Every_form_on_a_signed_in_page_carries_a_token()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        foreach (var url in new[] { "/", "/Projects", $"/Projects/{DemoData.NorthwindProjectId}", "/Account/ConnectedApps" })
        {
            var (response, document) = await client.GetPageAsync(url);
            var postForms = document.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.NotEmpty(postForms);
            Assert.All(postForms, f => Assert.NotNull(f.QuerySelector("input[name='__RequestVerificationToken']")));
            response.Dispose();
        }
    }
}

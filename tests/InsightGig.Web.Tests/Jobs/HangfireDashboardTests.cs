using System.Net;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c> is for admins: anonymous visitors are sent to sign in, other signed-in
/// people get 403, and an admin sees the recurring token-refresh job.
/// </summary>
public sealed class HangfireDashboardTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    public static TheoryData<string> DashboardPages => ["/hangfire", "/hangfire/recurring", "/hangfire/jobs/enqueued"];

    [Theory]
    [MemberData(nameof(DashboardPages))]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string path)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
        Assert.Equal("/Account/Login", target.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), target.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(DashboardPages))]
    public async Task A_signed_in_client_is_forbidden(string path)
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(TokenRefreshJobs.RecurringJobId, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_the_dashboard_and_the_recurring_token_refresh()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Admin);

        using var home = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);
        using var recurring = await client.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("InsightGig background jobs", await home.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        var document = await recurring.ReadDocumentAsync();
        Assert.Contains(
            document.QuerySelectorAll("td, a, span, code"),
            element => element.TextContent.Trim() == TokenRefreshJobs.RecurringJobId);
    }

    [Fact]
    public async Task The_dashboard_has_a_policy_of_its_own_that_allows_inline_styles_only_and_no_page_shares_it()
    {
        using var admin = await factory.CreateClientForAsync(DemoData.Admin);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);

        using var dashboard = await admin.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);
        using var forbidden = await clara.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);
        using var page = await admin.GetAsync(new Uri("/Projects", UriKind.Relative), TestContext.Current.CancellationToken);
        using var missing = await admin.GetAsync(new Uri("/hangfire-not-the-dashboard", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var policy = Security.SecurityHeadersTests.Csp(dashboard);
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'", "'unsafe-inline'"], policy["style-src"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.DoesNotContain(policy.Values.SelectMany(sources => sources), source => source is "'unsafe-eval'" or "*");
        Assert.DoesNotContain("'unsafe-eval'", Security.SecurityHeadersTests.Single(dashboard, "Content-Security-Policy"), StringComparison.Ordinal);

        // What the policy forbids the dashboard does not need: its scripts are its own files, none inline, no inline handlers,
        // and each one loads.
        var document = await dashboard.ReadDocumentAsync();
        var scripts = document.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, script =>
        {
            Assert.StartsWith("/hangfire/", script.GetAttribute("src"), StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(script.TextContent), "inline script on the dashboard");
        });
        Assert.Empty(document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => a.Name));
        foreach (var source in scripts.Select(script => script.GetAttribute("src")!))
        {
            using var script = await admin.GetAsync(new Uri(source, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        // The relaxed policy is the dashboard's alone: not on its 403, not on pages, not on a path that merely starts alike.
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { forbidden, page, missing })
        {
            Assert.Equal(["'self'"], Security.SecurityHeadersTests.Csp(response)["style-src"]);
            Assert.Equal(["'self'"], Security.SecurityHeadersTests.Csp(response)["script-src"]);
        }
    }
}

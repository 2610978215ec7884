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
}

using System.Net;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests;

public sealed class AnonymousAccessTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    public static TheoryData<string> ProtectedPages =>
    [
        "/",
        "/Experts",
        $"/Experts/{DemoData.Erin.Id}",
        "/Briefs",
        $"/Briefs/{DemoData.NorthwindBriefId}",
        "/Projects",
        $"/Projects/{DemoData.NorthwindProjectId}",
        $"/Projects/{Guid.NewGuid()}",
        "/Meetings",
        "/Account/ConnectedApps",
    ];

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string url)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var absolute = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
        Assert.Equal("/Account/Login", absolute.AbsolutePath);
        Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(url)}", absolute.Query);
    }

    [Fact]
    public async Task The_sign_in_page_is_public_and_lists_the_demo_accounts_in_development()
    {
        using var client = factory.CreateAnonymousClient();

        var (response, document) = await client.GetPageAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(document.QuerySelector("input[name='Input.Email']"));
        Assert.NotNull(document.QuerySelector("input[name='Input.Password'][type='password']"));
        Assert.NotNull(document.QuerySelector("form input[name='__RequestVerificationToken']"));
        Assert.Contains(DemoData.Clara.Email, document.MainText(), StringComparison.Ordinal);
        Assert.Contains(DemoData.Password, document.MainText(), StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("nav[aria-label='Main']"));
        response.Dispose();
    }

    [Fact]
    public async Task The_stylesheet_is_served_to_anyone()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri("/css/site.css", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }
}

using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests;

public sealed class LinkTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    public static TheoryData<string> Accounts => [nameof(DemoData.Clara), nameof(DemoData.Erin), nameof(DemoData.Admin)];

    private static DemoAccount Account(string name) => name switch
    {
        nameof(DemoData.Clara) => DemoData.Clara,
        nameof(DemoData.Erin) => DemoData.Erin,
        nameof(DemoData.Admin) => DemoData.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Every_link_on_the_signed_in_pages_works(string account)
    {
        using var client = await factory.CreateClientForAsync(Account(account));

        var crawl = await LinkCrawler.CrawlAsync(client);

        Assert.True(crawl.Broken.Count == 0, "Broken links:\n" + string.Join("\n", crawl.Broken));
        Assert.Equal(0, crawl.NotVisited);
        // The crawl reached the pages behind the lists, so it really followed links.
        Assert.Contains(crawl.Pages, p => p.StartsWith("/Experts/", StringComparison.Ordinal));
        Assert.Contains(crawl.Pages, p => p.StartsWith("/Projects/", StringComparison.Ordinal));
        Assert.Contains("/Account/ConnectedApps", crawl.Pages);
        Assert.Contains(crawl.Assets, a => a.StartsWith("/css/site.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_crawl_reaches_every_project_and_brief()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Admin);

        var crawl = await LinkCrawler.CrawlAsync(client);

        Assert.Contains($"/Projects/{DemoData.NorthwindProjectId}", crawl.Pages);
        Assert.Contains($"/Projects/{DemoData.GlobexProjectId}", crawl.Pages);
        Assert.Contains($"/Briefs/{DemoData.NorthwindBriefId}", crawl.Pages);
        Assert.Contains($"/Briefs/{DemoData.GlobexBriefId}", crawl.Pages);
        Assert.Contains($"/Experts/{DemoData.Sofia.Id}", crawl.Pages);
    }
}

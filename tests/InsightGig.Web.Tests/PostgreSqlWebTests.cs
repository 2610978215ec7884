using System.Net;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests;

/// <summary>The app on a real PostgreSQL database (migrated and seeded at start as in Development).</summary>
public sealed class PostgreSqlWebFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public InsightGigWebFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = InsightGigWebFactory.ForDatabase(DatabaseProvider.PostgreSql, Database.ConnectionString);
        // Start the app now: migrations (none left) and the demo seed run at start-up.
        _ = Factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}

/// <summary>The key page scenarios on PostgreSQL: sign-in, content, another organisation's 404s, no broken links.</summary>
public sealed class PostgreSqlWebTests(PostgreSqlWebFixture fixture) : IClassFixture<PostgreSqlWebFixture>
{
    [Fact]
    public void The_app_really_runs_on_the_test_database()
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        Assert.IsType<PostgreSqlApplicationDbContext>(db);
        Assert.Contains(fixture.Database.DatabaseName, db.Database.GetConnectionString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_signs_in_and_sees_their_project()
    {
        using var client = await fixture.Factory.CreateClientForAsync(DemoData.Clara);

        var (response, document) = await client.GetPageAsync($"/Projects/{DemoData.NorthwindProjectId}");

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("EV battery supply due diligence", document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(5, document.QuerySelectorAll(".person__name").Length);
        Assert.NotNull(document.QuerySelector("button[data-dialog-open='schedule-dialog']"));
    }

    [Fact]
    public async Task Another_organisations_project_and_brief_are_not_found()
    {
        using var gina = await fixture.Factory.CreateClientForAsync(DemoData.Gina);

        using var project = await gina.GetAsync(new Uri($"/Projects/{DemoData.NorthwindProjectId}", UriKind.Relative), TestContext.Current.CancellationToken);
        using var brief = await gina.GetAsync(new Uri($"/Briefs/{DemoData.NorthwindBriefId}", UriKind.Relative), TestContext.Current.CancellationToken);
        using var own = await gina.GetAsync(new Uri($"/Briefs/{DemoData.GlobexBriefId}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, project.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, brief.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        using var client = fixture.Factory.CreateAnonymousClient();

        using var response = await InsightGigWebFactory.SignInAsync(client, DemoData.Gina.Email, "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("do not match", (await response.ReadDocumentAsync()).QuerySelector("[role='alert']")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_link_works_for_an_admin()
    {
        using var client = await fixture.Factory.CreateClientForAsync(DemoData.Admin);

        var crawl = await LinkCrawler.CrawlAsync(client);

        Assert.True(crawl.Broken.Count == 0, "Broken links:\n" + string.Join("\n", crawl.Broken));
        Assert.Contains($"/Projects/{DemoData.GlobexProjectId}", crawl.Pages);
    }
}

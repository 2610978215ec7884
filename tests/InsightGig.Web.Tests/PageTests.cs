using System.Net;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests;

/// <summary>The pages for signed-in demo users (SQLite): content, the Schedule a meeting button, and 404 for what is not theirs.</summary>
public sealed class PageTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    private const string ScheduleButton = "button[data-dialog-open='schedule-dialog']";

    private static async Task<AngleSharp.Dom.IDocument> GetOkAsync(HttpClient client, string url)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        return document;
    }

    private static async Task AssertNotFoundAsync(HttpClient client, string url, params string[] mustNotLeak)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url} answered {(int)response.StatusCode}, expected 404");
        }

        Assert.Equal("Page not found", document.QuerySelector("h1")?.TextContent.Trim());
        foreach (var secret in mustNotLeak)
        {
            Assert.DoesNotContain(secret, document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_experts_page_lists_every_expert_and_searches()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        var all = await GetOkAsync(client, "/Experts");
        var lithium = await GetOkAsync(client, "/Experts?q=lithium");
        var nobody = await GetOkAsync(client, "/Experts?q=zzzz");

        Assert.Equal(
            [DemoData.Erin.FullName, DemoData.Hiro.FullName, DemoData.Marco.FullName, DemoData.Priya.FullName, DemoData.Sofia.FullName],
            all.QuerySelectorAll("ul[aria-label='Experts'] a").Select(a => a.TextContent.Trim()));
        Assert.Equal([DemoData.Erin.FullName], lithium.QuerySelectorAll("ul[aria-label='Experts'] a").Select(a => a.TextContent.Trim()));
        Assert.Equal("lithium", lithium.QuerySelector("input[name='q']")?.GetAttribute("value"));
        Assert.Contains("No expert matches", nobody.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expert_profile_shows_the_full_view_and_the_schedule_button()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        var document = await GetOkAsync(client, $"/Experts/{DemoData.Hiro.Id}");

        Assert.Equal(DemoData.Hiro.FullName, document.QuerySelector("h1")?.TextContent.Trim());
        var text = document.MainText();
        Assert.Contains("Semiconductor manufacturing and fab economics", text, StringComparison.Ordinal);
        Assert.Contains("Foundry", text, StringComparison.Ordinal);
        Assert.Contains("Asia/Tokyo", text, StringComparison.Ordinal);
        Assert.Contains("20 years", text, StringComparison.Ordinal);
        Assert.Contains("fab planning", text, StringComparison.Ordinal);
        Assert.Equal("Schedule a meeting", document.QuerySelector(ScheduleButton)?.TextContent.Trim());
    }

    [Fact]
    public async Task The_briefs_page_and_a_brief_show_only_the_organisations_own()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        var list = await GetOkAsync(client, "/Briefs");
        var brief = await GetOkAsync(client, $"/Briefs/{DemoData.NorthwindBriefId}");

        Assert.Equal(["Real-time payments adoption in India"], list.QuerySelectorAll("ul[aria-label='Briefs'] a").Select(a => a.TextContent.Trim()));
        Assert.Equal("Real-time payments adoption in India", brief.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(DemoData.Priya.FullName, brief.MainText(), StringComparison.Ordinal);
        Assert.Equal($"/Experts/{DemoData.Priya.Id}", brief.QuerySelector("main a[href^='/Experts/']")?.GetAttribute("href"));
        Assert.Equal("Schedule a meeting", brief.QuerySelector(ScheduleButton)?.TextContent.Trim());
    }

    [Fact]
    public async Task The_project_page_shows_its_collaborators_with_the_schedule_button_top_left()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Clara);

        var list = await GetOkAsync(client, "/Projects");
        var project = await GetOkAsync(client, $"/Projects/{DemoData.NorthwindProjectId}");

        Assert.Equal(["EV battery supply due diligence"], list.QuerySelectorAll("ul[aria-label='Projects'] a").Select(a => a.TextContent.Trim()));
        Assert.Contains("5 collaborators", list.MainText(), StringComparison.Ordinal);
        Assert.Equal("EV battery supply due diligence", project.QuerySelector("h1")?.TextContent.Trim());
        var people = project.QuerySelectorAll(".person__name").Select(p => p.TextContent).ToList();
        Assert.Equal(5, people.Count);
        foreach (var name in new[] { DemoData.Clara.FullName, DemoData.Carlos.FullName, DemoData.Erin.FullName, DemoData.Hiro.FullName, DemoData.Sofia.FullName })
        {
            Assert.Contains(people, p => p.Contains(name, StringComparison.Ordinal));
        }

        Assert.Contains(people, p => p.Contains(DemoData.Clara.FullName, StringComparison.Ordinal) && p.Contains("you", StringComparison.Ordinal));
        // The article puts the button at the top left of the project page: the first thing in the page's content.
        var first = project.QuerySelector("main")?.FirstElementChild;
        Assert.NotNull(first?.QuerySelector(ScheduleButton));
    }

    [Fact]
    public async Task With_nothing_linked_the_connected_apps_page_offers_to_connect_each_provider_and_nothing_else()
    {
        using var client = await factory.CreateClientForAsync(DemoData.Carlos);

        var document = await GetOkAsync(client, "/Account/ConnectedApps");

        Assert.Equal("Connected apps", document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("should be the same as your InsightGig email", document.QuerySelector("main [role='note']")?.TextContent, StringComparison.Ordinal);
        // One card per provider, each "Not connected" with a single form that starts linking and comes back here.
        var cards = document.QuerySelectorAll("ul.connections > li.connection").ToList();
        Assert.Equal(
            [("connection-zoom", "Zoom", "Not connected", "Connect Zoom", "/integrations/zoom/connect"),
             ("connection-google", "Google", "Not connected", "Connect Calendar", "/integrations/google/connect"),
             ("connection-microsoft", "Microsoft", "Not connected", "Sign in with Microsoft", "/integrations/microsoft/connect")],
            cards.Select(card => (
                card.Id,
                card.QuerySelector("h2")?.TextContent.Trim(),
                card.QuerySelector(".status")?.TextContent.Trim(),
                Assert.Single(card.QuerySelectorAll("button")).TextContent.Trim(),
                Assert.Single(card.QuerySelectorAll("form")).GetAttribute("action"))));
        Assert.All(cards, card =>
        {
            Assert.Equal("/Account/ConnectedApps", card.QuerySelector("form input[name='returnUrl']")?.GetAttribute("value"));
            Assert.NotNull(card.QuerySelector("form input[name='__RequestVerificationToken']"));
            // No account, connection time or reconnect warning for something never linked.
            Assert.DoesNotContain("Account:", card.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("Connected ", card.TextContent, StringComparison.Ordinal);
            Assert.Null(card.QuerySelector(".alert"));
        });
    }

    [Fact]
    public async Task Another_organisations_project_and_brief_are_not_found()
    {
        using var gina = await factory.CreateClientForAsync(DemoData.Gina);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);

        await AssertNotFoundAsync(gina, $"/Projects/{DemoData.NorthwindProjectId}", "EV battery supply due diligence");
        await AssertNotFoundAsync(gina, $"/Briefs/{DemoData.NorthwindBriefId}", "Real-time payments adoption in India");
        await AssertNotFoundAsync(clara, $"/Projects/{DemoData.GlobexProjectId}", "Luxury demand in Asia");
        await AssertNotFoundAsync(clara, $"/Briefs/{DemoData.GlobexBriefId}", "Pricing power of soft-luxury brands");

        var ginasProjects = await GetOkAsync(gina, "/Projects");
        Assert.DoesNotContain("EV battery supply due diligence", ginasProjects.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_ids_and_non_experts_are_not_found()
    {
        using var admin = await factory.CreateClientForAsync(DemoData.Admin);

        await AssertNotFoundAsync(admin, $"/Projects/{Guid.NewGuid()}");
        await AssertNotFoundAsync(admin, $"/Briefs/{Guid.NewGuid()}");
        await AssertNotFoundAsync(admin, $"/Experts/{Guid.NewGuid()}");
        await AssertNotFoundAsync(admin, $"/Experts/{DemoData.Clara.Id}");
        await AssertNotFoundAsync(admin, "/Projects/not-a-guid");
        await AssertNotFoundAsync(admin, "/No/Such/Page");
    }

    [Fact]
    public async Task An_expert_sees_the_project_they_work_on_and_not_another()
    {
        using var erin = await factory.CreateClientForAsync(DemoData.Erin);

        var project = await GetOkAsync(erin, $"/Projects/{DemoData.NorthwindProjectId}");
        await AssertNotFoundAsync(erin, $"/Projects/{DemoData.GlobexProjectId}", "Luxury demand in Asia");
        await AssertNotFoundAsync(erin, $"/Briefs/{DemoData.NorthwindBriefId}");

        Assert.Equal("EV battery supply due diligence", project.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_expert_sees_the_brief_shared_with_them()
    {
        using var priya = await factory.CreateClientForAsync(DemoData.Priya);

        var brief = await GetOkAsync(priya, $"/Briefs/{DemoData.NorthwindBriefId}");
        var projects = await GetOkAsync(priya, "/Projects");

        Assert.Equal("Real-time payments adoption in India", brief.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("You are not on any project yet.", projects.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_everything()
    {
        using var admin = await factory.CreateClientForAsync(DemoData.Admin);

        var projects = await GetOkAsync(admin, "/Projects");
        var briefs = await GetOkAsync(admin, "/Briefs");
        await GetOkAsync(admin, $"/Projects/{DemoData.NorthwindProjectId}");
        await GetOkAsync(admin, $"/Projects/{DemoData.GlobexProjectId}");
        await GetOkAsync(admin, $"/Briefs/{DemoData.NorthwindBriefId}");
        await GetOkAsync(admin, $"/Briefs/{DemoData.GlobexBriefId}");

        Assert.Equal(3, projects.QuerySelectorAll("ul[aria-label='Projects'] a").Length);
        Assert.Equal(2, briefs.QuerySelectorAll("ul[aria-label='Briefs'] a").Length);
    }
}

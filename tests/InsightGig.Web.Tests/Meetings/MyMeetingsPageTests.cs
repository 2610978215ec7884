using System.Net;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// My meetings over HTTP, as a browser without script uses it: the tabs and pages are links with the query string, the
/// search a GET form; bad query strings get a 400 page that says what to do, never a 500. And an expert's home page.
/// </summary>
public sealed class MyMeetingsPageTests(SandboxedWebApp app) : IClassFixture<SandboxedWebApp>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task AddAsync(DemoAccount organizer, string title, DateTimeOffset startUtc, DemoAccount[] with, bool cancelled = false)
    {
        var madeAt = startUtc < Now ? startUtc.AddDays(-1) : Now;
        var meeting = Meeting.Schedule(Guid.NewGuid(), organizer.Id, MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", title, null,
            startUtc, startUtc.AddMinutes(30), "Europe/London", [.. with.Select(p => (p.Id, p.Email, p.FullName))], madeAt).Value;
        meeting.RecordVideoMeeting(meeting.Id.ToString("N"), "https://zoom.example/j/" + meeting.Id.ToString("N"));
        meeting.MarkScheduled("https://zoom.example/j/" + meeting.Id.ToString("N"));
        if (cancelled)
        {
            Assert.True(meeting.Cancel(null, organizer.Id, ChangeSource.InsightGig, madeAt).IsSuccess);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<AngleSharp.Dom.IDocument> GetAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == expected, $"GET {url} answered {(int)response.StatusCode}, expected {(int)expected}");
        }

        return document;
    }

    private static IReadOnlyList<string> Titles(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll(".meetings .list__title").Select(a => a.TextContent.Trim())];

    private static string Tab(AngleSharp.Dom.IDocument page, string key) =>
        page.QuerySelector($".tabs a[data-tab='{key}']")?.TextContent.Trim().Replace("\n", " ", StringComparison.Ordinal) ?? "(no tab)";

    [Fact]
    public async Task The_tabs_are_links_with_counts_and_each_shows_its_meetings()
    {
        await AddAsync(DemoData.Clara, "Coming call", Now.AddDays(1), [DemoData.Carlos]);
        await AddAsync(DemoData.Clara, "Old call", Now.AddDays(-2), [DemoData.Carlos]);
        await AddAsync(DemoData.Clara, "Dropped call", Now.AddDays(2), [DemoData.Carlos], cancelled: true);
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var upcoming = await GetAsync(clara, "/Meetings");
        var pastHref = upcoming.QuerySelector(".tabs a[data-tab='past']")?.GetAttribute("href");
        var cancelledHref = upcoming.QuerySelector(".tabs a[data-tab='cancelled']")?.GetAttribute("href");
        var past = await GetAsync(clara, pastHref!);
        var cancelled = await GetAsync(clara, cancelledHref!);

        Assert.Equal(("/Meetings?tab=past", "/Meetings?tab=cancelled"), (pastHref, cancelledHref));
        Assert.Matches(@"^Upcoming\s+\(1\)$", Tab(upcoming, "upcoming"));
        Assert.Matches(@"^Past\s+\(1\)$", Tab(upcoming, "past"));
        Assert.Matches(@"^Cancelled\s+\(1\)$", Tab(upcoming, "cancelled"));
        Assert.Equal("page", upcoming.QuerySelector(".tabs a[data-tab='upcoming']")?.GetAttribute("aria-current"));
        Assert.Equal("page", past.QuerySelector(".tabs a[data-tab='past']")?.GetAttribute("aria-current"));
        Assert.Equal(["Coming call"], Titles(upcoming));
        Assert.Equal(["Old call"], Titles(past));
        Assert.Equal(["Dropped call"], Titles(cancelled));
        // No join link for a call that is over or called off; a cancelled one says so.
        Assert.NotNull(upcoming.QuerySelector(".meetings a[target='_blank']"));
        Assert.Null(past.QuerySelector(".meetings a[target='_blank']"));
        Assert.Null(cancelled.QuerySelector(".meetings a[target='_blank']"));
        Assert.Equal("cancelled", cancelled.QuerySelector(".meetings .status--cancelled")?.TextContent.Trim());
        // The search form keeps the tab.
        Assert.Equal("past", past.QuerySelector("form[role='search'] input[name='tab']")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_search_is_a_get_form_whose_results_page_with_next_and_previous_links()
    {
        for (var i = 0; i < 25; i++)
        {
            await AddAsync(DemoData.Clara, $"Battery call {i:D2}", Now.AddDays(1).AddHours(i), [DemoData.Carlos]);
        }

        await AddAsync(DemoData.Clara, "Pricing", Now.AddDays(3), [DemoData.Erin]);
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var first = await GetAsync(clara, "/Meetings?q=BATTERY");
        var nextHref = first.QuerySelector(".pager a[rel='next']")?.GetAttribute("href");
        var second = await GetAsync(clara, nextHref!);
        var byEmail = await GetAsync(clara, "/Meetings?q=erin.expert%40experts.example");

        Assert.Equal("/Meetings?q=BATTERY&p=2", nextHref);
        Assert.Equal(20, Titles(first).Count);
        Assert.Equal("1–20 of 25 upcoming meetings matching “BATTERY”", first.QuerySelector("#meetings-range")?.TextContent.Trim());
        Assert.Contains("Page 1 of 2", first.QuerySelector(".pager")?.TextContent, StringComparison.Ordinal);
        Assert.Null(first.QuerySelector(".pager a[rel='prev']"));
        Assert.Equal([.. Enumerable.Range(20, 5).Select(i => $"Battery call {i:D2}")], Titles(second));
        Assert.Equal("/Meetings?q=BATTERY", second.QuerySelector(".pager a[rel='prev']")?.GetAttribute("href"));
        Assert.Equal("BATTERY", second.QuerySelector("#meetings-search")?.GetAttribute("value"));
        Assert.Equal(["Pricing"], Titles(byEmail));
        Assert.Matches(@"^Upcoming\s+\(1\)$", Tab(byEmail, "upcoming"));
    }

    [Fact]
    public async Task Empty_tabs_and_searches_say_what_to_do()
    {
        await AddAsync(DemoData.Clara, "Old call", Now.AddDays(-2), [DemoData.Carlos]);
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);
        using var erin = await app.Factory.CreateClientForAsync(DemoData.Erin);

        var none = await GetAsync(clara, "/Meetings");
        var elsewhere = await GetAsync(clara, "/Meetings?q=old");
        var nowhere = await GetAsync(clara, "/Meetings?tab=cancelled&q=zzz");
        var expert = await GetAsync(erin, "/Meetings");

        Assert.Contains("choose Schedule a meeting", none.QuerySelector("#meetings-empty")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Found under Past (1)", elsewhere.QuerySelector("#meetings-empty")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("No cancelled meetings match “zzz”", nowhere.QuerySelector("#meetings-empty")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("part of a title", nowhere.QuerySelector("#meetings-empty")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("When a client invites you", expert.QuerySelector("#meetings-empty")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Meetings?tab=archive", "There is no such tab: choose Upcoming, Past or Cancelled.")]
    [InlineData("/Meetings?tab=1", "There is no such tab: choose Upcoming, Past or Cancelled.")]
    [InlineData("/Meetings?p=0", "Pages are numbered from 1.")]
    [InlineData("/Meetings?p=-1", "Pages are numbered from 1.")]
    [InlineData("/Meetings?p=two", "Pages are numbered from 1.")]
    [InlineData("/Meetings?p=99999999999999999999", "Pages are numbered from 1.")]
    public async Task A_bad_tab_or_page_is_a_400_that_says_what_to_do(string url, string message)
    {
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var page = await GetAsync(clara, url, HttpStatusCode.BadRequest);

        Assert.Contains(message, page.QuerySelector("#meetings-search-errors")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/Meetings", page.QuerySelector("#meetings-search-errors a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_search_too_long_or_with_control_characters_is_a_400_that_says_so()
    {
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var tooLong = await GetAsync(clara, "/Meetings?q=" + new string('x', 101), HttpStatusCode.BadRequest);
        var control = await GetAsync(clara, "/Meetings?q=a%00b", HttpStatusCode.BadRequest);

        Assert.Contains("Search for at most 100 characters", tooLong.QuerySelector("#meetings-search-errors")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(control.QuerySelector("#meetings-search-errors"));
    }

    [Fact]
    public async Task An_expert_home_shows_the_calls_they_are_invited_to_and_those_waiting_for_their_answer_linking_to_each_meeting()
    {
        await AddAsync(DemoData.Clara, "Cobalt supply check", Now.AddDays(1), [DemoData.Erin]);
        using var erin = await app.Factory.CreateClientForAsync(DemoData.Erin);
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var home = await GetAsync(erin, "/");
        var clientHome = await GetAsync(clara, "/");

        Assert.Equal("Waiting for your answer (1)", home.QuerySelector("#awaiting-title")?.TextContent.Trim());
        Assert.Equal("Calls you are invited to (1)", home.QuerySelector("#invited-title")?.TextContent.Trim());
        var answer = home.QuerySelector("#awaiting-answer a.list__title");
        Assert.Equal("Cobalt supply check", answer?.TextContent.Trim());
        Assert.StartsWith("/meetings/", answer?.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains($"invited by {DemoData.Clara.FullName}", home.QuerySelector("#awaiting-answer")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Cobalt supply check"], [.. home.QuerySelectorAll("#invited-calls .list__title").Select(a => a.TextContent.Trim())]);
        // The meeting page it links to opens for her.
        await GetAsync(erin, answer!.GetAttribute("href")!);
        // Experts get no card for browsing experts; clients see no expert sections.
        Assert.Null(home.QuerySelector("a.card[href='/Experts']"));
        Assert.Null(clientHome.QuerySelector("#awaiting-answer"));
        Assert.NotNull(clientHome.QuerySelector("a.card[href='/Experts']"));
    }
}

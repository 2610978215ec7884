using InsightGig.Application.Meetings.GetMyInvitations;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// My meetings' tabs, search and pages, and an expert's home (their calls and the answers expected from them), on meetings
/// stored as the use cases leave them (SQLite; the PostgreSQL side is in the integration tests' query count test).
/// </summary>
public sealed class MyMeetingsTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private enum Outcome
    {
        Scheduled,
        Cancelled,
        Failed,
    }

    /// <summary>Stores a 30-minute meeting of <paramref name="organizer"/>'s starting at <paramref name="startUtc"/> (past ones were made the day before).</summary>
    private async Task<Guid> AddAsync(DemoAccount organizer, string title, DateTimeOffset startUtc, DemoAccount[] with, Outcome outcome = Outcome.Scheduled,
        ResponseStatus? erinAnswered = null)
    {
        var madeAt = startUtc < Now ? startUtc.AddDays(-1) : Now;
        var meeting = Meeting.Schedule(Guid.NewGuid(), organizer.Id, MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", title, null,
            startUtc, startUtc.AddMinutes(30), "Europe/London", [.. with.Select(p => (p.Id, p.Email, p.FullName))], madeAt).Value;
        if (outcome == Outcome.Failed)
        {
            meeting.MarkFailed("Zoom refused.");
        }
        else
        {
            meeting.RecordVideoMeeting(meeting.Id.ToString("N"), "https://zoom.example/j/1");
            meeting.MarkScheduled("https://zoom.example/j/1");
        }

        if (outcome == Outcome.Cancelled)
        {
            Assert.True(meeting.Cancel(null, organizer.Id, ChangeSource.InsightGig, madeAt).IsSuccess);
        }

        if (erinAnswered is { } answer)
        {
            meeting.RecordResponse(DemoData.Erin.Email, answer, madeAt, "Google Calendar");
        }

        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        return meeting.Id;
    }

    private async Task<MyMeetingsPage> MyMeetingsAsync(TestCurrentUser viewer, MeetingsTab tab = MeetingsTab.Upcoming, string? search = null, int page = 1)
    {
        var result = await fixture.SendAsync(new GetMyMeetingsQuery(tab, search, page), viewer);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        return result.Value;
    }

    [Fact]
    public async Task Past_cancelled_and_failed_meetings_stay_findable_under_their_tabs_with_counts()
    {
        var soon = await AddAsync(DemoData.Clara, "Soon", Now.AddDays(1), [DemoData.Carlos]);
        var later = await AddAsync(DemoData.Clara, "Later", Now.AddDays(2), [DemoData.Erin]);
        var yesterday = await AddAsync(DemoData.Clara, "Yesterday", Now.AddDays(-1), [DemoData.Carlos]);
        var lastWeek = await AddAsync(DemoData.Clara, "Last week", Now.AddDays(-7), [DemoData.Carlos]);
        // Ended a minute ago: past, though it started today.
        var justEnded = await AddAsync(DemoData.Clara, "Just ended", Now.AddMinutes(-31), [DemoData.Carlos]);
        var cancelled = await AddAsync(DemoData.Clara, "Called off", Now.AddDays(3), [DemoData.Carlos], Outcome.Cancelled);
        var failed = await AddAsync(DemoData.Clara, "Never made", Now.AddDays(4), [DemoData.Carlos], Outcome.Failed);

        var upcoming = await MyMeetingsAsync(TestCurrentUser.Clara);
        var past = await MyMeetingsAsync(TestCurrentUser.Clara, MeetingsTab.Past);
        var called = await MyMeetingsAsync(TestCurrentUser.Clara, MeetingsTab.Cancelled);
        var carlos = await MyMeetingsAsync(TestCurrentUser.Carlos, MeetingsTab.Cancelled);

        Assert.Equal(new MeetingsTabCounts(2, 3, 2), upcoming.Counts);
        Assert.Equal([soon, later], upcoming.Meetings.Select(m => m.Id));
        Assert.All(upcoming.Meetings, m => Assert.False(m.IsOver));
        Assert.Equal([justEnded, yesterday, lastWeek], past.Meetings.Select(m => m.Id));
        Assert.All(past.Meetings, m => Assert.True(m.IsOver));
        Assert.Equal([failed, cancelled], called.Meetings.Select(m => m.Id));
        Assert.Equal([MeetingStatus.Failed, MeetingStatus.Cancelled], called.Meetings.Select(m => m.Status));
        // A meeting the providers refused was never sent to its participants: only its organizer sees it.
        Assert.Equal(new MeetingsTabCounts(1, 3, 1), carlos.Counts);
        Assert.Equal([cancelled], carlos.Meetings.Select(m => m.Id));
        Assert.Equal(new MeetingsTabCounts(0, 0, 0), (await MyMeetingsAsync(TestCurrentUser.Gina)).Counts);
    }

    [Theory]
    [InlineData("battery", new[] { "Battery sourcing", "Lithium & battery pricing" })]
    [InlineData("  BATTERY SOURCING ", new[] { "Battery sourcing" })]
    [InlineData("erin okafor", new[] { "Lithium & battery pricing" })]
    [InlineData("ERIN.EXPERT@EXPERTS", new[] { "Lithium & battery pricing" })]
    [InlineData("carlos", new[] { "Battery sourcing", "Q3 100% review" })]
    [InlineData("%", new[] { "Q3 100% review" })]
    [InlineData("_", new string[0])]
    [InlineData("nobody at all", new string[0])]
    public async Task Search_finds_a_title_or_a_participants_name_or_email_in_any_case_and_wildcards_are_plain_text(string search, string[] titles)
    {
        await AddAsync(DemoData.Clara, "Battery sourcing", Now.AddDays(1), [DemoData.Carlos]);
        await AddAsync(DemoData.Clara, "Lithium & battery pricing", Now.AddDays(2), [DemoData.Erin]);
        await AddAsync(DemoData.Clara, "Q3 100% review", Now.AddDays(3), [DemoData.Carlos, DemoData.Hiro]);

        var found = await MyMeetingsAsync(TestCurrentUser.Clara, search: search);

        Assert.Equal(titles, found.Meetings.Select(m => m.Title));
        Assert.Equal(titles.Length, found.Total);
        Assert.Equal(search.Trim(), found.Search);
    }

    [Theory]
    [InlineData("ÉNERGIE SOLAIRE", "Énergie solaire à Zürich")]
    [InlineData("zÜrich", "Énergie solaire à Zürich")]
    [InlineData("ОБЗОР", "Обзор рынка")]
    public async Task Search_folds_case_beyond_a_to_z(string search, string title)
    {
        // SQLite's built-in lower() folds only A–Z: "ÉNERGIE" would never find "Énergie" on the embedded default.
        await AddAsync(DemoData.Clara, title, Now.AddDays(1), [DemoData.Carlos]);
        await AddAsync(DemoData.Clara, "Battery sourcing", Now.AddDays(2), [DemoData.Carlos]);

        var found = await MyMeetingsAsync(TestCurrentUser.Clara, search: search);

        Assert.Equal([title], found.Meetings.Select(m => m.Title));
    }

    [Fact]
    public async Task A_participant_finds_a_meeting_by_its_organizers_name_and_the_counts_follow_the_search_on_every_tab()
    {
        await AddAsync(DemoData.Clara, "Supply review", Now.AddDays(1), [DemoData.Erin]);
        await AddAsync(DemoData.Clara, "Supply review, first round", Now.AddDays(-3), [DemoData.Erin]);
        await AddAsync(DemoData.Clara, "Supply review, called off", Now.AddDays(5), [DemoData.Erin], Outcome.Cancelled);
        await AddAsync(DemoData.Carlos, "Pricing", Now.AddDays(1), [DemoData.Erin]);

        var byOrganizer = await MyMeetingsAsync(TestCurrentUser.Erin, MeetingsTab.Past, "Clara");
        var byTitle = await MyMeetingsAsync(TestCurrentUser.Erin, search: "REVIEW");

        Assert.Equal(new MeetingsTabCounts(1, 1, 1), byOrganizer.Counts);
        Assert.Equal("Supply review, first round", Assert.Single(byOrganizer.Meetings).Title);
        Assert.Equal(new MeetingsTabCounts(1, 1, 1), byTitle.Counts);
        Assert.Equal(new MeetingsTabCounts(2, 1, 1), (await MyMeetingsAsync(TestCurrentUser.Erin)).Counts);
    }

    [Fact]
    public async Task Pages_of_twenty_cover_every_meeting_once_in_order_and_a_page_past_the_last_answers_the_last()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 45; i++)
        {
            ids.Add(await AddAsync(DemoData.Clara, $"Call {i:D2}", Now.AddDays(1).AddHours(i), [DemoData.Carlos]));
        }

        var pages = new List<MyMeetingsPage>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await MyMeetingsAsync(TestCurrentUser.Clara, page: page));
        }

        var beyond = await MyMeetingsAsync(TestCurrentUser.Clara, page: 99);

        Assert.Equal(ids, pages.SelectMany(p => p.Meetings).Select(m => m.Id));
        Assert.Equal([20, 20, 5], pages.Select(p => p.Meetings.Count));
        Assert.Equal((1, 20, 3, false, true), (pages[0].First, pages[0].Last, pages[0].PageCount, pages[0].HasPrevious, pages[0].HasNext));
        Assert.Equal((41, 45, true, false), (pages[2].First, pages[2].Last, pages[2].HasPrevious, pages[2].HasNext));
        Assert.Equal((3, ids[40]), (beyond.Page, beyond.Meetings[0].Id));
    }

    [Fact]
    public async Task A_page_below_one_a_long_search_and_an_unknown_tab_are_refused_with_a_message()
    {
        var zero = await fixture.SendAsync(new GetMyMeetingsQuery(Page: 0), TestCurrentUser.Clara);
        var negative = await fixture.SendAsync(new GetMyMeetingsQuery(Page: int.MinValue), TestCurrentUser.Clara);
        var longSearch = await fixture.SendAsync(new GetMyMeetingsQuery(Search: new string('x', GetMyMeetingsQuery.SearchMaxLength + 1)), TestCurrentUser.Clara);
        var tab = await fixture.SendAsync(new GetMyMeetingsQuery((MeetingsTab)7), TestCurrentUser.Clara);

        Assert.Equal("Pages are numbered from 1.", zero.FirstError.Message);
        Assert.Equal("Pages are numbered from 1.", negative.FirstError.Message);
        Assert.Equal("Search for at most 100 characters: part of a title, a name or an email.", longSearch.FirstError.Message);
        Assert.Equal("Choose Upcoming, Past or Cancelled.", tab.FirstError.Message);
        Assert.All(new[] { zero, negative, longSearch, tab }, r => Assert.Equal(ErrorKind.Validation, r.FirstError.Kind));
    }

    [Fact]
    public async Task An_expert_home_lists_the_upcoming_calls_they_are_invited_to_and_those_still_waiting_for_their_answer()
    {
        var unanswered = await AddAsync(DemoData.Clara, "Unanswered", Now.AddDays(2), [DemoData.Erin, DemoData.Carlos]);
        var accepted = await AddAsync(DemoData.Clara, "Accepted", Now.AddDays(1), [DemoData.Erin], erinAnswered: ResponseStatus.Accepted);
        var declined = await AddAsync(DemoData.Carlos, "Declined", Now.AddDays(3), [DemoData.Erin], erinAnswered: ResponseStatus.Declined);
        await AddAsync(DemoData.Clara, "Over, never answered", Now.AddDays(-2), [DemoData.Erin]);
        await AddAsync(DemoData.Clara, "Cancelled, never answered", Now.AddDays(4), [DemoData.Erin], Outcome.Cancelled);
        await AddAsync(DemoData.Clara, "Not Erin's", Now.AddDays(1), [DemoData.Carlos]);

        var home = await fixture.SendAsync(new GetMyInvitationsQuery(), TestCurrentUser.Erin);

        Assert.Equal([accepted, unanswered, declined], home.Upcoming.Select(m => m.Id));
        Assert.Equal(3, home.UpcomingCount);
        Assert.Equal([unanswered], home.AwaitingAnswer.Select(m => m.Id));
        Assert.Equal(1, home.AwaitingAnswerCount);
        Assert.Equal(DemoData.Clara.FullName, home.AwaitingAnswer[0].OrganizerName);
        var carlos = await fixture.SendAsync(new GetMyInvitationsQuery(), TestCurrentUser.Carlos);
        // Carlos organizes "Declined": his own meeting is no invitation.
        Assert.Equal(["Not Erin's", "Unanswered"], carlos.AwaitingAnswer.Select(m => m.Title));
    }

    [Fact]
    public async Task An_expert_home_shows_ten_of_each_and_counts_them_all()
    {
        for (var i = 0; i < 12; i++)
        {
            await AddAsync(DemoData.Clara, $"Call {i:D2}", Now.AddDays(1).AddHours(i), [DemoData.Erin]);
        }

        var home = await fixture.SendAsync(new GetMyInvitationsQuery(), TestCurrentUser.Erin);

        Assert.Equal((GetMyInvitationsQuery.Shown, 12, GetMyInvitationsQuery.Shown, 12),
            (home.Upcoming.Count, home.UpcomingCount, home.AwaitingAnswer.Count, home.AwaitingAnswerCount));
        Assert.Equal("Call 00", home.Upcoming[0].Title);
    }
}

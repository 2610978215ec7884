using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Scheduling;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// Issue 16's flows over HTTP with the app's Microsoft unit talking to the sandbox's identity platform and Graph: a Teams
/// meeting from a Contoso project (one Outlook event, both attendees, the Teams link) rescheduled, moved in Outlook and
/// cancelled with a note; and a Zoom meeting whose organizer's calendar is Outlook.
/// </summary>
public sealed class MicrosoftMeetingTests(MeetingPagesApp app) : IClassFixture<MeetingPagesApp>, IAsyncLifetime
{
    private const string Title = "Processor shortlist";
    private const string Description = "Agenda: latency, fees, cloud capacity.";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly DateOnly Next = Day.AddDays(1);
    private static readonly string ContosoProject = $"/Projects/{DemoData.ContosoProjectId}";

    private ProviderSandboxState Sandbox => app.State;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Text(IDocument page, string selector) =>
        string.Join(' ', (page.QuerySelector(selector)?.TextContent ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        return document;
    }

    /// <summary>Morgan schedules with Hiro and Sofia on the Contoso project; answers the meeting page's path.</summary>
    private static async Task<(Guid Id, string Path)> ScheduleAsync(HttpClient morgan, string platform)
    {
        var form = await ScheduleForm.FillAsync(morgan, ContosoProject, platform, Title, Description,
            ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(15, 45)), DemoData.Hiro.Id, DemoData.Sofia.Id);
        using (var response = await form.PostAsync(morgan))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var confirmed = await PageAsync(morgan, ContosoProject);
        var link = confirmed.QuerySelector(".schedule__confirmation #scheduled-meeting-link")?.GetAttribute("href");
        Assert.NotNull(link);
        var id = Guid.Parse(link["/meetings/".Length..], CultureInfo.InvariantCulture);
        return (id, link);
    }

    [Fact]
    public async Task A_teams_meeting_is_one_outlook_event_with_both_attendees_and_is_rescheduled_moved_in_outlook_and_cancelled_with_the_note()
    {
        await app.ConnectAsync(DemoData.Morgan, SandboxProvider.Microsoft);
        using var morgan = await app.ClientForAsync(DemoData.Morgan);

        var (id, path) = await ScheduleAsync(morgan, "teams");

        var outlook = Assert.Single(Sandbox.GetOutlookEvents(DemoData.Morgan.Email));
        Assert.Equal([DemoData.Hiro.Email, DemoData.Sofia.Email], outlook.Attendees.Select(a => a.Email).Order(StringComparer.Ordinal));
        Assert.True(outlook.IsOnlineMeeting);
        Assert.Equal("teamsForBusiness", outlook.OnlineMeetingProvider);
        Assert.NotNull(outlook.JoinUrl);
        Assert.Equal(Day.UtcAt(15), outlook.Start);
        var meeting = await app.MeetingAsync(id);
        Assert.Equal((MeetingStatus.Scheduled, outlook.JoinUrl, outlook.Id), (meeting.Status, meeting.JoinUrl, meeting.CalendarEventId));
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        var page = await PageAsync(morgan, path);
        Assert.Equal(outlook.JoinUrl, page.QuerySelector("#join-link")?.GetAttribute("href"));
        using (var priya = await app.ClientForAsync(DemoData.Hiro))
        using (var ics = await priya.GetAsync(new Uri(path + "/ics", UriKind.Relative), MeetingPagesApp.Ct))
        {
            Assert.Contains("UID:" + outlook.ICalUId, (await ics.Content.ReadAsStringAsync(MeetingPagesApp.Ct)).Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // Rescheduled in InsightGig: the event moves by PATCH, and reading Outlook back finds our own change (no echo).
        var rescheduled = await PageForm.From(page, "#reschedule-form")
            .Set("Reschedule.Start", ScheduleForm.Local(Next.At(10))).Set("Reschedule.End", ScheduleForm.Local(Next.At(11))).PostAndFollowAsync(morgan, path);
        Assert.Equal("Meeting rescheduled. The video meeting and everyone's calendar invite are up to date.", Text(rescheduled, ".status-region .alert--ok"));
        Assert.Equal(Next.UtcAt(10), Assert.Single(Sandbox.GetOutlookEvents(DemoData.Morgan.Email)).Start);
        await SyncAsync();
        Assert.Equal(1, (await app.MeetingAsync(id)).Version);

        // Moved by the organizer in Outlook: the meeting follows, named as from Outlook Calendar.
        Sandbox.MoveOutlookEvent(DemoData.Morgan.Email, outlook.Id, Next.UtcAt(13), Next.UtcAt(14));
        Sandbox.RespondToOutlookEvent(outlook.Id, DemoData.Sofia.Email, "accepted");
        await SyncAsync();
        var moved = await app.MeetingAsync(id);
        Assert.Equal((Next.UtcAt(13), Next.UtcAt(14)), (moved.StartUtc, moved.EndUtc));
        Assert.Equal(ResponseStatus.Accepted, moved.Participants.Single(p => p.Email == DemoData.Sofia.Email).Response);
        Assert.Contains("Outlook Calendar", Text(await PageAsync(morgan, path), "#history"), StringComparison.Ordinal);

        // Cancelled with a note: Graph's cancel action carries it to the attendees.
        var confirm = await PageAsync(morgan, $"{path}?confirmCancel=true");
        var cancelled = await PageForm.From(confirm, "#cancel-form").Set("Cancel.Note", "Moved to next quarter.").PostAndFollowAsync(morgan, path);
        Assert.Equal("Cancelled", Text(cancelled, "#meeting-status"));
        var gone = Assert.Single(Sandbox.GetOutlookEvents(DemoData.Morgan.Email));
        Assert.True(gone.Cancelled);
        Assert.Equal("Moved to next quarter.", gone.CancelComment);
    }

    [Fact]
    public async Task A_zoom_meeting_of_an_outlook_organizer_puts_the_zoom_link_into_an_outlook_invite()
    {
        await app.ConnectAsync(DemoData.Morgan, SandboxProvider.Zoom, SandboxProvider.Microsoft);
        using var morgan = await app.ClientForAsync(DemoData.Morgan);

        var (id, _) = await ScheduleAsync(morgan, "zoom");

        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        var outlook = Assert.Single(Sandbox.GetOutlookEvents(DemoData.Morgan.Email));
        Assert.Equal([DemoData.Hiro.Email, DemoData.Sofia.Email], outlook.Attendees.Select(a => a.Email).Order(StringComparer.Ordinal));
        Assert.False(outlook.IsOnlineMeeting);
        Assert.Equal(zoom.JoinUrl, outlook.Resource["location"]?["displayName"]?.GetValue<string>());
        Assert.Contains(zoom.JoinUrl, outlook.Resource["body"]?["content"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Morgan.Email));
        var meeting = await app.MeetingAsync(id);
        Assert.Equal((MeetingStatus.Scheduled, zoom.JoinUrl, outlook.Id), (meeting.Status, meeting.JoinUrl, meeting.CalendarEventId));
    }

    [Fact]
    public async Task A_personal_microsoft_account_is_told_it_cannot_host_teams_and_nothing_is_left()
    {
        await SandboxTestData.ConnectAsync(app.Services, Sandbox, DemoData.Morgan.Id, "morgan.reyes@outlook.com", SandboxProvider.Microsoft);
        using var morgan = await app.ClientForAsync(DemoData.Morgan);
        var form = await ScheduleForm.FillAsync(morgan, ContosoProject, "teams", Title, Description,
            ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(15, 45)), DemoData.Hiro.Id);

        using var response = await form.PostAsync(morgan);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("cannot host Microsoft Teams meetings", Text(page, "#schedule-errors"), StringComparison.Ordinal);
        Assert.Empty(Sandbox.GetOutlookEvents());
    }

    private async Task SyncAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SyncCalendarChangesCommand(DemoData.Morgan.Id), MeetingPagesApp.Ct);
        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
    }
}

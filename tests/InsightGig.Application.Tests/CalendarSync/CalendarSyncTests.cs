using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.CalendarSync;

/// <summary>
/// Changes made in Google Calendar flow back: <see cref="SyncCalendarChangesCommand"/> through the real pipeline, the Google
/// adapter listing the sandbox's calendar over HTTP with sync tokens, the converger moving or deleting the sandbox's Zoom
/// meeting. People's actions in Google Calendar are played through the sandbox's control API.
/// </summary>
public sealed class CalendarSyncTests(CalendarSyncFixture fixture) : IClassFixture<CalendarSyncFixture>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Clara's Zoom call with Hiro (15:00–15:45 UTC on <see cref="Day"/>), and a first (full) sync of her calendar.</summary>
    private async Task<Meeting> ScheduledAndSyncedAsync()
    {
        var meeting = await fixture.ScheduleZoomWithHiroAsync(DemoData.Clara, TestCurrentUser.Clara, Day);
        var first = await fixture.SyncAsync(DemoData.Clara);
        Assert.Equal(CalendarSyncStatus.Synced, first.Status);
        Assert.True(first.FullSync);
        Assert.Equal(0, first.MeetingsChanged);
        return meeting;
    }

    private static string EventPath(Meeting meeting, string action) =>
        $"_sandbox/calendar/events/{Uri.EscapeDataString(DemoData.Clara.Email)}/{meeting.CalendarEventId}/{action}";

    private ZoomMeetingInfo ZoomMeetingOf(Meeting meeting) =>
        Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true), z => z.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == meeting.ProviderMeetingId);

    private Task<CalendarSyncState?> SyncStateAsync() =>
        fixture.App.WithDbContextAsync(db => db.CalendarSyncStates.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == DemoData.Clara.Id));

    [Fact]
    public async Task A_meeting_moved_in_Google_Calendar_moves_in_InsightGig_and_its_Zoom_meeting_follows()
    {
        var meeting = await ScheduledAndSyncedAsync();
        var newStart = Day.AddDays(1).UtcAt(10);
        var newEnd = Day.AddDays(1).UtcAt(11, 30);

        using (var moved = await fixture.ControlAsync(EventPath(meeting, "move"), new { start = newStart, end = newEnd }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
        Assert.False(report.FullSync);
        Assert.Equal(1, report.Moved);
        var after = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((newStart, newEnd), (after.StartUtc, after.EndUtc));
        Assert.Equal(MeetingStatus.Scheduled, after.Status);
        var change = after.History[^1];
        Assert.Equal(("Moved in Google Calendar", ChangeSource.OrganizerCalendar, (Guid?)null), (change.Summary, change.Source, change.ByPersonId));
        Assert.False(after.IsConverging, after.SyncProblem);

        var zoom = ZoomMeetingOf(meeting);
        Assert.False(zoom.Deleted);
        Assert.Equal(newStart, zoom.StartTime);
        Assert.Equal(90, zoom.Duration);

        // Read again: nothing new, nothing moves twice.
        var again = await fixture.SyncAsync(DemoData.Clara);
        Assert.Equal(0, again.MeetingsChanged);
        Assert.Equal(after.Version, (await fixture.MeetingAsync(meeting.Id)).Version);
    }

    [Fact]
    public async Task A_meeting_deleted_in_Google_Calendar_is_cancelled_and_its_Zoom_meeting_deleted()
    {
        var meeting = await ScheduledAndSyncedAsync();

        using (var deleted = await fixture.ControlAsync(EventPath(meeting, "delete")))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(1, report.Cancelled);
        var after = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(MeetingStatus.Cancelled, after.Status);
        Assert.Equal(("Cancelled in Google Calendar", ChangeSource.OrganizerCalendar), (after.History[^1].Summary, after.History[^1].Source));
        Assert.False(after.IsConverging, after.SyncProblem);
        Assert.True(ZoomMeetingOf(meeting).Deleted, "the Zoom meeting is still there");
        // The event was deleted by its organizer in Google; InsightGig does not delete it a second time.
        var calendarEvent = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal("cancelled", calendarEvent.Status);
        Assert.DoesNotContain(calendarEvent.Notifications, n => n.Operation == "delete");
    }

    [Fact]
    public async Task An_attendee_who_declines_in_Google_Calendar_has_the_RSVP_stored()
    {
        var meeting = await ScheduledAndSyncedAsync();

        using (var answered = await fixture.ControlAsync(EventPath(meeting, "respond"), new { email = DemoData.Hiro.Email, responseStatus = "declined" }))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(1, report.ResponsesChanged);
        var after = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(ResponseStatus.Declined, Assert.Single(after.Participants).Response);
        Assert.Equal(meeting.Version, after.Version);
        Assert.Equal(MeetingStatus.Scheduled, after.Status);
        Assert.Equal((meeting.StartUtc, meeting.EndUtc), (after.StartUtc, after.EndUtc));
    }

    [Fact]
    public async Task Events_that_are_not_InsightGigs_are_ignored_and_never_stored()
    {
        var meeting = await ScheduledAndSyncedAsync();
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Zoom, SandboxProvider.Google);
        var carlosMeeting = await fixture.ScheduleZoomWithHiroAsync(DemoData.Carlos, TestCurrentUser.Carlos, Day);

        // In Clara's calendar: her own dentist appointment, and an event that carries the id of Carlos's meeting.
        var token = Sandbox.IssueTokens(SandboxProvider.Google, DemoData.Clara.Email).AccessToken;
        await InsertEventAsync(token, new { summary = "Dentist appointment", start = new { dateTime = Day.UtcAt(8) }, end = new { dateTime = Day.UtcAt(9) } });
        await InsertEventAsync(token, new
        {
            id = carlosMeeting.CalendarEventId,
            summary = "Lookalike of another organizer's meeting",
            start = new { dateTime = Day.UtcAt(18) },
            end = new { dateTime = Day.UtcAt(19) },
            attendees = new[] { new { email = DemoData.Hiro.Email, responseStatus = "declined" } },
        });

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
        Assert.Equal(2, report.EventsRead);
        Assert.Equal(0, report.MeetingsChanged);
        foreach (var (before, after) in new[] { (meeting, await fixture.MeetingAsync(meeting.Id)), (carlosMeeting, await fixture.MeetingAsync(carlosMeeting.Id)) })
        {
            Assert.Equal((before.Version, before.StartUtc, before.EndUtc, MeetingStatus.Scheduled), (after.Version, after.StartUtc, after.EndUtc, after.Status));
            Assert.Equal(ResponseStatus.Awaiting, Assert.Single(after.Participants).Response);
        }

        Assert.Equal(2, await fixture.App.WithDbContextAsync(db => db.Meetings.CountAsync()));
        foreach (var table in new[] { "Meetings", "MeetingChanges", "MeetingParticipants", "CalendarSyncStates" })
        {
            var rows = await SandboxTestData.RawRowsAsync(fixture.App.Services, table);
            Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v is not null && (v.Contains("Dentist", StringComparison.Ordinal) || v.Contains("Lookalike", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task An_expired_sync_token_answers_410_and_a_full_resync_applies_the_changes_and_stores_a_new_token()
    {
        var meeting = await ScheduledAndSyncedAsync();
        var expiredToken = (await SyncStateAsync())!.SyncToken;
        Assert.NotNull(expiredToken);
        using (var expired = await fixture.ControlAsync("_sandbox/calendar/sync-tokens/expire"))
        {
            Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        }

        var newStart = Day.UtcAt(17);
        Sandbox.MoveCalendarEvent(DemoData.Clara.Email, meeting.CalendarEventId!, newStart, newStart.AddHours(1));
        var listsBefore = Sandbox.GetRequestLog().Count;

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
        Assert.True(report.FullSync);
        Assert.Equal(1, report.Moved);
        Assert.Contains(Sandbox.GetRequestLog().Skip(listsBefore), r => r.Method == "GET" && r.Path.EndsWith("/events", StringComparison.Ordinal) && r.Status == 410);
        Assert.Equal(newStart, (await fixture.MeetingAsync(meeting.Id)).StartUtc);
        Assert.Equal(newStart, ZoomMeetingOf(meeting).StartTime);
        var state = (await SyncStateAsync())!;
        Assert.NotNull(state.SyncToken);
        Assert.NotEqual(expiredToken, state.SyncToken);
        Assert.NotNull(state.LastFullSyncAtUtc);
        Assert.Null(state.LastError);

        // The new token works: the next change comes incrementally.
        Sandbox.RespondToCalendarEvent(DemoData.Clara.Email, meeting.CalendarEventId!, DemoData.Hiro.Email, "accepted");
        var next = await fixture.SyncAsync(DemoData.Clara);
        Assert.False(next.FullSync);
        Assert.Equal(1, next.ResponsesChanged);
    }

    [Fact]
    public async Task A_reschedule_made_in_InsightGig_does_not_come_back_as_a_move_from_Google_Calendar_even_when_its_times_read_back_differently()
    {
        // The calendar holds whole seconds (the adapter writes RFC 3339 to the second), so a reschedule to 09:00:00.5 reads
        // back half a second earlier: an echo whose times differ from the meeting's. Only its etag says it is our own write.
        var meeting = await ScheduledAndSyncedAsync();
        var day = Day.AddDays(2);
        var start = day.At(9).AddMilliseconds(500);
        var rescheduled = await fixture.App.SendAsync(new RescheduleMeetingCommand(meeting.Id, meeting.Version, start, day.At(10)), TestCurrentUser.Clara);
        Assert.True(rescheduled.IsSuccess, rescheduled.IsFailure ? rescheduled.FirstError.Message : null);
        Assert.True(rescheduled.Value.InStep, rescheduled.Value.Problem);
        var afterReschedule = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(day.UtcAt(9).AddMilliseconds(500), afterReschedule.StartUtc);
        var echo = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal(day.UtcAt(9), DateTimeOffset.Parse(echo.Resource["start"]!["dateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(afterReschedule.CalendarEtag, echo.ETag);
        var zoomUpdatesBefore = ZoomUpdates();

        var report = await fixture.SyncAsync(DemoData.Clara);

        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
        Assert.Equal(1, report.EventsRead); // our own PATCH is read back...
        Assert.Equal(0, report.MeetingsChanged); // ...and recognised as ours, though its times differ
        var after = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((afterReschedule.Version, afterReschedule.StartUtc, afterReschedule.EndUtc), (after.Version, after.StartUtc, after.EndUtc));
        Assert.DoesNotContain(after.History, c => c.Summary == "Moved in Google Calendar");
        Assert.Equal("Rescheduled", after.History[^1].Summary);
        Assert.Equal(zoomUpdatesBefore, ZoomUpdates());
    }

    private int ZoomUpdates() => Sandbox.GetRequestLog().Count(r => r.Method == "PATCH" && r.Path.Contains("/zoom/v2/meetings/", StringComparison.Ordinal));

    [Fact]
    public async Task The_recurring_job_syncs_each_organizer_with_an_active_Google_connection_and_a_meeting_ahead()
    {
        var meeting = await fixture.ScheduleZoomWithHiroAsync(DemoData.Clara, TestCurrentUser.Clara, Day);
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Google); // connected, but organizes nothing
        Sandbox.MoveCalendarEvent(DemoData.Clara.Email, meeting.CalendarEventId!, Day.UtcAt(16), Day.UtcAt(17));

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var claimed = Assert.Single(await fixture.App.SendAsync(new ClaimDueCalendarSyncsCommand(), TestCurrentUser.Anonymous));
        var report = await scope.ServiceProvider.GetRequiredService<CalendarSyncJobs>()
            .SyncCalendarAsync(claimed.OrganizerId, claimed.ConnectionId, TestContext.Current.CancellationToken);

        Assert.Equal(DemoData.Clara.Id, claimed.OrganizerId);
        Assert.Equal(CalendarSyncStatus.Synced, report.Status);
        Assert.Equal(1, report.Moved);
        Assert.Equal(Day.UtcAt(16), (await fixture.MeetingAsync(meeting.Id)).StartUtc);
        Assert.Equal(CalendarSyncStatus.NotConnected, (await fixture.SyncAsync(DemoData.Erin)).Status);
    }

    private async Task InsertEventAsync(string accessToken, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "google/calendar/v3/calendars/primary/events") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await fixture.Control.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

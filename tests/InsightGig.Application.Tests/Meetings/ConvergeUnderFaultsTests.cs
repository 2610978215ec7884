using System.Diagnostics;
using System.Globalization;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.EditMeetingDetails;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// A change is saved first and the providers follow: with faults injected at the sandbox (5xx, 429 with Retry-After,
/// timeouts, a revoked grant) the change is kept, the meeting says why it is not in step, nothing is lost or made twice,
/// and once the provider is back the background job (<see cref="MeetingSyncJobs"/>) brings both sides in step. Provider
/// state that drifted (a Zoom meeting or an event deleted by hand) is repaired or honoured.
/// </summary>
public sealed class ConvergeUnderFaultsTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly DateOnly Next = Day.AddDays(1);
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;
    private static readonly TestCurrentUser Hiro = new(DemoData.Hiro.Id, null, false);

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<ScheduledMeeting> ZoomWithHiroAsync() =>
        fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom",
            Title, "Agenda: cobalt.", Day.At(15), Day.At(15, 45), []), Clara);

    private static RescheduleMeetingCommand MoveToNextDay(Guid meetingId, int expectedVersion = 0) => new(meetingId, expectedVersion, Next.At(10), Next.At(11));

    private CalendarEventInfo TheEvent() => Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));

    private static DateTimeOffset EventTime(CalendarEventInfo calendarEvent, string which) =>
        DateTimeOffset.Parse(calendarEvent.Resource[which]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>Runs the background job once, as Hangfire would (attempt 1), and answers how long it took.</summary>
    private async Task<TimeSpan> RunSyncJobAsync(Guid meetingId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<MeetingSyncJobs>();
        var clock = Stopwatch.StartNew();
        await job.ConvergeAsync(meetingId, 1, MeetingsAppFixture.Ct);
        return clock.Elapsed;
    }

    private static void Report(string what, TimeSpan elapsed) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: in step {elapsed.TotalMilliseconds:0} ms after the fault was cleared (job run directly)"));

    /// <summary>Everything is where the reschedule wanted it: one live Zoom meeting (the original one) and one event, both moved.</summary>
    private async Task AssertInStepAtNextDayAsync(Guid meetingId, long zoomMeetingId)
    {
        var meeting = await fixture.MeetingAsync(meetingId);
        Assert.Equal((false, null, 1, 1, 1), (meeting.IsConverging, meeting.SyncProblem, meeting.Version, meeting.VideoSyncedVersion, meeting.CalendarSyncedVersion));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Equal((zoomMeetingId, Next.UtcAt(10), 60, false), (zoom.Id, zoom.StartTime, zoom.Duration, zoom.Deleted));
        var invite = TheEvent();
        Assert.Equal((Next.UtcAt(10), Next.UtcAt(11), "confirmed"), (EventTime(invite, "start"), EventTime(invite, "end"), invite.Status));
        Assert.Equal(("patch", "all"), (invite.Notifications[^1].Operation, invite.Notifications[^1].SendUpdates));
        Assert.Single(meeting.History, h => h.Summary == "Rescheduled");
        var page = (await fixture.SendAsync(new GetMeetingQuery(meetingId), Hiro)).Value;
        Assert.Equal((false, null), (page.IsConverging, page.SyncProblem));
    }

    public static TheoryData<string> Outages => ["zoom 503", "zoom 429 with Retry-After", "zoom timeout", "google 503", "google 429 with Retry-After", "google timeout"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task During_an_outage_the_reschedule_is_saved_and_shown_as_updating_and_the_job_finishes_it_once_the_provider_is_back(string outage)
    {
        var scheduled = await ZoomWithHiroAsync();
        var zoomBefore = Assert.Single(Sandbox.GetZoomMeetings());
        var zoomDown = outage.StartsWith("zoom", StringComparison.Ordinal);
        var provider = zoomDown ? SandboxProvider.Zoom : SandboxProvider.Google;
        var (fault, delay) = outage[(outage.IndexOf(' ', StringComparison.Ordinal) + 1)..] switch
        {
            "503" => (new SandboxFault { Provider = provider, Target = SandboxFaultTarget.Api, Status = 503 }, TimeSpan.FromSeconds(10)),
            "429 with Retry-After" => (new SandboxFault { Provider = provider, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 30 }, TimeSpan.FromSeconds(30)),
            "timeout" => (new SandboxFault { Provider = provider, Target = SandboxFaultTarget.Api, Hang = true }, TimeSpan.FromSeconds(10)),
            _ => throw new ArgumentOutOfRangeException(nameof(outage)),
        };
        Sandbox.InjectFault(fault);
        var problem = $"Waiting for {(zoomDown ? "Zoom" : "Google Calendar")} to answer; the change will be applied automatically.";

        var result = await fixture.SendAsync(MoveToNextDay(scheduled.Id), Clara);

        // Saved, not in step, and a retry is scheduled after the provider's Retry-After (or the default delay).
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(new MeetingChanged(scheduled.Id, 1, InStep: false, problem), result.Value);
        Assert.Equal([(scheduled.Id, delay)], fixture.Scheduler.Requests);
        var saved = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((Next.UtcAt(10), Next.UtcAt(11), 1, true, problem), (saved.StartUtc, saved.EndUtc, saved.Version, saved.IsConverging, saved.SyncProblem));
        Assert.Equal((zoomDown ? 0 : 1, 0), (saved.VideoSyncedVersion, saved.CalendarSyncedVersion));
        Assert.Equal(zoomDown ? Day.UtcAt(15) : Next.UtcAt(10), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);
        Assert.Equal(Day.UtcAt(15), EventTime(TheEvent(), "start"));
        var organizerView = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara)).Value;
        Assert.Equal((true, problem, false, Next.UtcAt(10)), (organizerView.IsConverging, organizerView.SyncProblem, organizerView.SyncProblemNeedsReconnect, organizerView.StartUtc));
        Assert.True((await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Hiro)).Value.IsConverging);

        // Still down: another try changes nothing and loses nothing.
        var stillDown = await fixture.SendAsync(new ConvergeMeetingCommand(scheduled.Id), TestCurrentUser.Anonymous);
        Assert.Equal((ConvergeState.RetryLater, problem), (stillDown.State, stillDown.Problem));
        Assert.Equal(delay == TimeSpan.FromSeconds(30) ? delay : null, stillDown.RetryAfter);

        Sandbox.ClearFaults();
        var elapsed = await RunSyncJobAsync(scheduled.Id);

        await AssertInStepAtNextDayAsync(scheduled.Id, zoomBefore.Id);
        Report(outage, elapsed);
    }

    [Fact]
    public async Task A_revoked_zoom_grant_asks_the_organizer_to_reconnect_and_the_change_finishes_after_reconnecting()
    {
        var scheduled = await ZoomWithHiroAsync();
        var zoomBefore = Assert.Single(Sandbox.GetZoomMeetings());
        // Zoom rejects the access token; the refresh then answers invalid_grant (the person removed the app).
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });
        Sandbox.ExpireAccessTokens(SandboxProvider.Zoom);
        const string Problem = "Reconnect Zoom to finish this change.";

        var result = await fixture.SendAsync(MoveToNextDay(scheduled.Id), Clara);

        Assert.Equal(new MeetingChanged(scheduled.Id, 1, InStep: false, Problem), result.Value);
        var view = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara)).Value;
        Assert.Equal((true, Problem, true), (view.IsConverging, view.SyncProblem, view.SyncProblemNeedsReconnect));
        Assert.Equal(ConnectionStatus.ReconnectNeeded, (await SandboxTestData.ConnectionAsync(fixture.Services, DemoData.Clara.Id, "zoom"))!.Status);
        Assert.Equal(Day.UtcAt(15), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);
        // Retrying does not help until the organizer acts; it is not a retry storm either.
        var again = await fixture.SendAsync(new ConvergeMeetingCommand(scheduled.Id), TestCurrentUser.Anonymous);
        Assert.Equal(ConvergeState.NeedsOrganizer, again.State);

        Sandbox.ClearFaults();
        await fixture.ReconnectAsync(DemoData.Clara, SandboxProvider.Zoom);
        var elapsed = await RunSyncJobAsync(scheduled.Id);

        await AssertInStepAtNextDayAsync(scheduled.Id, zoomBefore.Id);
        Report("zoom invalid_grant (after reconnecting)", elapsed);
    }

    [Fact]
    public async Task A_zoom_meeting_deleted_on_zooms_side_is_made_again_and_the_event_carries_the_new_join_link()
    {
        var scheduled = await ZoomWithHiroAsync();
        var original = Assert.Single(Sandbox.GetZoomMeetings());
        using (var deleted = await fixture.ProviderCallAsync(SandboxProvider.Zoom, DemoData.Clara.Email, HttpMethod.Delete, $"zoom/v2/meetings/{original.Id}"))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"deleting at Zoom answered {(int)deleted.StatusCode}");
        }

        var result = await fixture.SendAsync(MoveToNextDay(scheduled.Id), Clara);

        Assert.True(result.Value.InStep, result.Value.Problem);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.NotEqual(original.Id, zoom.Id);
        Assert.NotEqual(original.JoinUrl, zoom.JoinUrl);
        Assert.Equal((Next.UtcAt(10), 60, Title), (zoom.StartTime, zoom.Duration, zoom.Topic));
        Assert.Equal(2, Sandbox.GetZoomMeetings(includeDeleted: true).Count);
        var invite = TheEvent();
        Assert.Equal(zoom.JoinUrl, invite.Resource["location"]?.GetValue<string>());
        Assert.Contains(zoom.JoinUrl, invite.Resource["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(original.JoinUrl, invite.Resource["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Next.UtcAt(10), EventTime(invite, "start"));
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((zoom.Id.ToString(CultureInfo.InvariantCulture), zoom.JoinUrl, false), (meeting.ProviderMeetingId, meeting.JoinUrl, meeting.IsConverging));
        var view = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Hiro)).Value;
        Assert.Equal(zoom.JoinUrl, view.JoinUrl);
        Assert.Contains(view.History, h => h.Source == ChangeSource.Repair && h.Summary.Contains("new join link", StringComparison.Ordinal));
        var ics = IcsLines.Of((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Hiro)).Value.Content);
        Assert.Equal(zoom.JoinUrl, IcsLines.Value(ics, "LOCATION"));
    }

    [Fact]
    public async Task An_event_deleted_by_hand_in_google_calendar_is_taken_as_a_cancellation_from_google_at_the_next_convergence()
    {
        var scheduled = await ZoomWithHiroAsync();
        var meetingRow = await fixture.MeetingAsync(scheduled.Id);
        using (var deleted = await fixture.ProviderCallAsync(SandboxProvider.Google, DemoData.Clara.Email, HttpMethod.Delete,
                   $"google/calendar/v3/calendars/primary/events/{meetingRow.CalendarEventId}"))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"deleting in Google Calendar answered {(int)deleted.StatusCode}");
        }

        // The next change makes the providers converge; the calendar says the event is gone.
        var result = await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, 0, "Renamed", null, null), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.True(result.Value.InStep, result.Value.Problem);
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((MeetingStatus.Cancelled, false), (meeting.Status, meeting.IsConverging));
        Assert.Equal(("Cancelled in Google Calendar", ChangeSource.OrganizerCalendar, (Guid?)null), (meeting.History[^1].Summary, meeting.History[^1].Source, meeting.History[^1].ByPersonId));
        Assert.True(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Equal("cancelled", TheEvent().Status);
        var ics = IcsLines.Of((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Hiro)).Value.Content);
        Assert.Equal(("CANCEL", meeting.Version.ToString(CultureInfo.InvariantCulture)), (IcsLines.Value(ics, "METHOD"), IcsLines.Value(ics, "SEQUENCE")));
    }
}

using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;

namespace InsightGig.Domain.Tests.CalendarSync;

/// <summary>How a change read back from Google Calendar applies to a meeting, and when it must not.</summary>
public sealed class CalendarEventChangeRulesTests
{
    /// <summary>The calendar the changes are read from, as people know it (data the domain keeps with each change).</summary>
    private const string Calendar = "Google Calendar";

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(2);
    private static readonly DateTimeOffset End = Start.AddMinutes(45);
    private static readonly (Guid PersonId, string Email, string FullName) Hiro = (Guid.NewGuid(), "hiro@experts.example", "Hiro Tanaka");
    private const string OurEtag = "\"100\"";

    private static Meeting ScheduledMeeting()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Guid.NewGuid(), MeetingContextKind.ExpertProfile, Guid.NewGuid(), "zoom", "Battery sourcing", null,
            Start, End, "Europe/London", [Hiro], Now).Value;
        meeting.RecordVideoMeeting("85123456789", "https://zoom.example/j/85123456789");
        meeting.MarkScheduled("https://zoom.example/j/85123456789", OurEtag);
        return meeting;
    }

    private static CalendarEventState Event(DateTimeOffset? start = null, DateTimeOffset? end = null, string? etag = "\"200\"", bool cancelled = false,
        params (string Email, ResponseStatus Response)[] responses) =>
        new(cancelled, start ?? Start, end ?? End, etag, responses);

    [Fact]
    public void A_move_in_the_calendar_moves_the_meeting_and_leaves_the_video_meeting_to_follow()
    {
        var meeting = ScheduledMeeting();

        var effects = CalendarEventChangeRules.Apply(meeting, Event(Start.AddHours(2), End.AddHours(3)), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.Moved, effects);
        Assert.Equal((Start.AddHours(2), End.AddHours(3)), (meeting.StartUtc, meeting.EndUtc));
        Assert.Equal("Moved in Google Calendar", meeting.History[^1].Summary);
        Assert.Equal(ChangeSource.OrganizerCalendar, meeting.History[^1].Source);
        Assert.Equal(meeting.Version, meeting.CalendarSyncedVersion);
        Assert.True(meeting.VideoSyncedVersion < meeting.Version, "the video meeting must still follow");
        Assert.Equal("\"200\"", meeting.CalendarEtag);
    }

    [Fact]
    public void Our_own_write_read_back_changes_nothing()
    {
        var meeting = ScheduledMeeting();

        var effects = CalendarEventChangeRules.Apply(meeting, Event(Start.AddHours(2), End.AddHours(2), etag: OurEtag), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.None, effects);
        Assert.Equal((Start, End), (meeting.StartUtc, meeting.EndUtc));
        Assert.Single(meeting.History);
    }

    [Fact]
    public void The_same_times_under_a_new_etag_are_no_move_but_the_etag_is_noted()
    {
        var meeting = ScheduledMeeting();

        var effects = CalendarEventChangeRules.Apply(meeting, Event(etag: "\"300\""), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.None, effects);
        Assert.Single(meeting.History);
        Assert.Equal("\"300\"", meeting.CalendarEtag);
    }

    [Fact]
    public void A_deleted_event_cancels_the_meeting_from_Google_Calendar()
    {
        var meeting = ScheduledMeeting();

        var effects = CalendarEventChangeRules.Apply(meeting, new CalendarEventState(true, null, null, "\"400\"", []), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.Cancelled, effects);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
        Assert.Equal("Cancelled in Google Calendar", meeting.History[^1].Summary);
        Assert.Equal(meeting.Version, meeting.CalendarSyncedVersion);
        Assert.True(meeting.VideoSyncedVersion < meeting.Version, "the video meeting must still be deleted");
    }

    [Fact]
    public void Our_own_cancellation_read_back_is_not_a_second_one()
    {
        var meeting = ScheduledMeeting();
        Assert.True(meeting.Cancel("Sorry", Guid.NewGuid(), ChangeSource.InsightGig, Now).IsSuccess);
        var history = meeting.History.Count;

        var effects = CalendarEventChangeRules.Apply(meeting, new CalendarEventState(true, null, null, "\"400\"", []), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.None, effects);
        Assert.Equal(history, meeting.History.Count);
    }

    [Fact]
    public void Answers_are_recorded_without_a_new_version()
    {
        var meeting = ScheduledMeeting();
        var version = meeting.Version;

        var effects = CalendarEventChangeRules.Apply(meeting, Event(responses: [("HIRO@experts.example", ResponseStatus.Declined), ("someone@else.example", ResponseStatus.Accepted)]), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.ResponsesChanged, effects);
        Assert.Equal(ResponseStatus.Declined, Assert.Single(meeting.Participants).Response);
        Assert.Equal(version, meeting.Version);
    }

    [Fact]
    public void A_change_made_in_InsightGig_that_has_not_reached_the_calendar_wins_over_the_old_times_there()
    {
        var meeting = ScheduledMeeting();
        Assert.True(meeting.Reschedule(Start.AddDays(1), End.AddDays(1), Guid.NewGuid(), Now).IsSuccess);

        // An answer changed the event's etag, but its times are still the ones before the reschedule.
        var effects = CalendarEventChangeRules.Apply(meeting, Event(responses: [(Hiro.Email, ResponseStatus.Accepted)]), Now, Calendar);

        Assert.Equal(CalendarChangeEffects.ResponsesChanged, effects);
        Assert.Equal((Start.AddDays(1), End.AddDays(1)), (meeting.StartUtc, meeting.EndUtc));
        Assert.DoesNotContain(meeting.History, c => c.Source == ChangeSource.OrganizerCalendar);
    }

    [Fact]
    public void A_meeting_still_being_scheduled_is_not_changed_from_the_calendar()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Guid.NewGuid(), MeetingContextKind.ExpertProfile, Guid.NewGuid(), "zoom", "Battery sourcing", null,
            Start, End, "Europe/London", [Hiro], Now).Value;

        Assert.Equal(CalendarChangeEffects.None, CalendarEventChangeRules.Apply(meeting, Event(Start.AddHours(1), End.AddHours(1), cancelled: true), Now, Calendar));
        Assert.Equal(MeetingStatus.Scheduling, meeting.Status);
    }

    [Fact]
    public void A_sync_state_starts_over_when_the_connection_points_at_another_calendar()
    {
        var state = CalendarSyncState.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "clara@northwind.example", Now);
        Assert.Null(state.TokenFor("clara@northwind.example"));

        state.Synced("clara@northwind.example", "token-1", fullSync: true, sawChanges: false, Now, CalendarSyncCadence.Default);
        Assert.Equal("token-1", state.TokenFor("CLARA@northwind.example"));
        Assert.Null(state.TokenFor("other@northwind.example"));

        state.TokenExpired();
        Assert.Null(state.TokenFor("clara@northwind.example"));
        Assert.Equal(Now, state.LastFullSyncAtUtc);
    }
}

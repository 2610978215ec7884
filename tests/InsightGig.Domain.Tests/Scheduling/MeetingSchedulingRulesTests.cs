using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;

namespace InsightGig.Domain.Tests.Scheduling;

/// <summary>The rules a meeting guards itself, at their edges: what scheduling and rescheduling both rely on.</summary>
public sealed class MeetingSchedulingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organizer = Guid.NewGuid();
    private static readonly (Guid PersonId, string Email, string FullName) Carlos = (Guid.NewGuid(), "carlos@northwind.example", "Carlos Mendes");
    private static readonly (Guid PersonId, string Email, string FullName) Erin = (Guid.NewGuid(), "erin@experts.example", "Erin Okafor");

    private static Result<Meeting> Schedule(string title, string? description, DateTimeOffset start, DateTimeOffset end, params (Guid, string, string)[] participants) =>
        Meeting.Schedule(Guid.NewGuid(), Organizer, MeetingContextKind.Project, Guid.NewGuid(), "google-meet", title, description, start, end,
            "Europe/London", participants.Length == 0 ? [Erin] : participants, Now);

    private static string[] Codes(IEnumerable<Error> errors) => [.. errors.Select(e => e.Code)];

    [Fact]
    public void The_time_rules_name_the_field_each_error_belongs_to()
    {
        var errors = Meeting.CheckTimes(Now.AddMinutes(-1), Now.AddMinutes(-2), Now);

        Assert.Equal(["meeting.start_in_past", "meeting.end_before_start"], Codes(errors));
        Assert.Equal(["Start", "End"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
    }

    [Fact]
    public void A_start_in_the_past_and_a_length_over_24_hours_are_both_reported()
    {
        var errors = Meeting.CheckTimes(Now.AddHours(-1), Now.AddHours(24), Now);

        Assert.Equal(["meeting.start_in_past", "meeting.too_long"], Codes(errors));
        Assert.Equal("A meeting can last at most 24 hours.", errors[1].Message);
    }

    [Fact]
    public void Starting_right_now_is_already_too_late_and_a_minute_later_is_fine()
    {
        Assert.Equal(["meeting.start_in_past"], Codes(Meeting.CheckTimes(Now, Now.AddHours(1), Now)));
        Assert.Empty(Meeting.CheckTimes(Now.AddMinutes(1), Now.AddHours(1), Now));
    }

    [Fact]
    public void Length_is_measured_between_instants_so_a_night_when_clocks_change_counts_real_hours()
    {
        // 00:30 GMT to 02:30 BST on London's spring-forward night: 60 real minutes, whatever the wall clock says.
        var start = new DateTimeOffset(2027, 3, 28, 0, 30, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2027, 3, 28, 2, 30, 0, TimeSpan.FromHours(1));

        var meeting = Schedule("Night call", null, start, end).Value;

        Assert.Equal(TimeSpan.FromHours(1), meeting.Duration);
        Assert.Equal(start, meeting.StartUtc);
        Assert.Equal(end, meeting.EndUtc);
    }

    [Fact]
    public void Title_and_description_are_measured_after_trimming()
    {
        var padded = "  " + new string('t', Meeting.TitleMaxLength) + "  ";

        var meeting = Schedule(padded, "   ", Now.AddDays(1), Now.AddDays(1).AddHours(1)).Value;

        Assert.Equal(Meeting.TitleMaxLength, meeting.Title.Length);
        Assert.Equal(string.Empty, meeting.Description);
    }

    [Fact]
    public void A_person_named_twice_is_invited_once_in_the_order_first_named()
    {
        var meeting = Schedule("Check-in", null, Now.AddDays(1), Now.AddDays(1).AddHours(1), Erin, Carlos, Erin).Value;

        Assert.Equal([Erin.PersonId, Carlos.PersonId], meeting.Participants.Select(p => p.PersonId));
        Assert.Equal([Erin.Email, Carlos.Email], meeting.Participants.Select(p => p.Email));
    }

    [Fact]
    public void A_meet_meeting_is_confirmed_with_the_conference_link_without_a_video_meeting()
    {
        var meeting = Schedule("Check-in", null, Now.AddDays(1), Now.AddDays(1).AddHours(1)).Value;

        meeting.MarkScheduled("https://meet.google.com/abc-defg-hij");

        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Null(meeting.ProviderMeetingId);
        Assert.Equal("https://meet.google.com/abc-defg-hij", meeting.JoinUrl);
    }

    [Fact]
    public void A_failure_reason_is_kept_trimmed_and_a_failed_meeting_cannot_take_a_video_meeting()
    {
        var meeting = Schedule("Check-in", null, Now.AddDays(1), Now.AddDays(1).AddHours(1)).Value;

        meeting.MarkFailed("  Google Calendar is not answering right now.  ");

        Assert.Equal("Google Calendar is not answering right now.", meeting.FailureReason);
        Assert.Throws<InvalidOperationException>(() => meeting.RecordVideoMeeting("1", "https://zoom.example/j/1"));
        Assert.Throws<InvalidOperationException>(() => meeting.MarkFailed("again"));
    }

    [Fact]
    public void The_calendar_event_id_depends_only_on_the_meeting_id_so_a_retry_asks_for_the_same_event()
    {
        var id = Guid.NewGuid();

        Assert.Equal(Meeting.CalendarEventIdFor(id), Meeting.CalendarEventIdFor(id));
        Assert.Equal("ig" + id.ToString("N"), Meeting.CalendarEventIdFor(id));
    }
}

using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;

namespace InsightGig.Domain.Tests;

public sealed class MeetingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organizer = Guid.NewGuid();
    private static readonly (Guid PersonId, string Email, string FullName) Erin = (Guid.NewGuid(), "erin@experts.example", "Erin Okafor");
    private static readonly (Guid PersonId, string Email, string FullName) Hiro = (Guid.NewGuid(), "hiro@experts.example", "Hiro Tanaka");

    private static Result<Meeting> Schedule(
        string title = "Battery sourcing",
        string? description = "Agenda",
        DateTimeOffset? start = null,
        TimeSpan? duration = null,
        IReadOnlyCollection<(Guid PersonId, string Email, string FullName)>? participants = null)
    {
        var startUtc = start ?? Now.AddDays(1);
        return Meeting.Schedule(Guid.NewGuid(), Organizer, MeetingContextKind.Project, Guid.NewGuid(), "zoom", title, description,
            startUtc, startUtc + (duration ?? TimeSpan.FromMinutes(45)), "Europe/London", participants ?? [Erin], Now);
    }

    private static IEnumerable<string> Codes(Result result) => result.Errors.Select(e => e.Code);

    [Fact]
    public void A_valid_meeting_starts_in_scheduling_with_its_participants()
    {
        var result = Schedule(title: "  Battery sourcing  ", description: "  Agenda  ", participants: [Erin, Hiro, Erin]);

        Assert.True(result.IsSuccess);
        var meeting = result.Value;
        Assert.Equal(MeetingStatus.Scheduling, meeting.Status);
        Assert.Equal("Battery sourcing", meeting.Title);
        Assert.Equal("Agenda", meeting.Description);
        Assert.Equal(TimeSpan.FromMinutes(45), meeting.Duration);
        Assert.Equal(Now, meeting.CreatedAtUtc);
        Assert.Equal([Erin.PersonId, Hiro.PersonId], meeting.Participants.Select(p => p.PersonId));
        Assert.Equal("erin@experts.example", meeting.Participants[0].Email);
        Assert.Null(meeting.JoinUrl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_title_is_required(string title)
    {
        var result = Schedule(title: title);

        Assert.Equal(["meeting.title_required"], Codes(result));
        Assert.Equal("Title", result.FirstError.Field);
    }

    [Fact]
    public void A_title_has_at_most_200_characters()
    {
        Assert.True(Schedule(title: new string('t', Meeting.TitleMaxLength)).IsSuccess);
        Assert.Equal(["meeting.title_too_long"], Codes(Schedule(title: new string('t', Meeting.TitleMaxLength + 1))));
    }

    [Fact]
    public void A_description_has_at_most_8000_characters()
    {
        Assert.True(Schedule(description: null).IsSuccess);
        Assert.True(Schedule(description: new string('d', Meeting.DescriptionMaxLength)).IsSuccess);
        Assert.Equal(["meeting.description_too_long"], Codes(Schedule(description: new string('d', Meeting.DescriptionMaxLength + 1))));
    }

    [Fact]
    public void The_start_must_be_in_the_future()
    {
        Assert.Equal(["meeting.start_in_past"], Codes(Schedule(start: Now)));
        Assert.Equal(["meeting.start_in_past"], Codes(Schedule(start: Now.AddMinutes(-5))));
        Assert.True(Schedule(start: Now.AddMinutes(1)).IsSuccess);
    }

    [Fact]
    public void The_end_must_be_after_the_start()
    {
        Assert.Equal(["meeting.end_before_start"], Codes(Schedule(duration: TimeSpan.Zero)));
        Assert.Equal(["meeting.end_before_start"], Codes(Schedule(duration: TimeSpan.FromMinutes(-30))));
    }

    [Fact]
    public void A_meeting_lasts_at_most_24_hours()
    {
        Assert.True(Schedule(duration: TimeSpan.FromHours(24)).IsSuccess);
        Assert.Equal(["meeting.too_long"], Codes(Schedule(duration: TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1))));
    }

    [Fact]
    public void At_least_one_participant_is_required() =>
        Assert.Equal(["meeting.participants_required"], Codes(Schedule(participants: [])));

    [Fact]
    public void The_organizer_is_not_a_participant() =>
        Assert.Equal(["meeting.organizer_as_participant"], Codes(Schedule(participants: [Erin, (Organizer, "me@client.example", "Me")])));

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var result = Schedule(title: "", start: Now.AddHours(-1), duration: TimeSpan.FromHours(-2), participants: []);

        Assert.Equal(["meeting.title_required", "meeting.start_in_past", "meeting.end_before_start", "meeting.participants_required"], Codes(result));
        Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
    }

    [Fact]
    public void A_meeting_chooses_its_own_calendar_event_id_in_base32hex()
    {
        var meeting = Schedule().Value;

        Assert.Equal(Meeting.CalendarEventIdFor(meeting.Id), meeting.CalendarEventId);
        Assert.Matches("^[a-v0-9]{5,1024}$", meeting.CalendarEventId);
        Assert.NotEqual(Meeting.CalendarEventIdFor(Guid.NewGuid()), meeting.CalendarEventId);
    }

    [Fact]
    public void A_scheduling_meeting_can_be_confirmed_once()
    {
        var meeting = Schedule().Value;
        meeting.RecordVideoMeeting("123", "https://zoom.example/j/123");

        meeting.MarkScheduled("https://zoom.example/j/123");

        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal("https://zoom.example/j/123", meeting.JoinUrl);
        Assert.Equal("123", meeting.ProviderMeetingId);
        Assert.False(meeting.NeedsCleanup);
        Assert.Throws<InvalidOperationException>(() => meeting.MarkScheduled("https://zoom.example/j/456"));
        Assert.Throws<InvalidOperationException>(() => meeting.MarkFailed("late"));
        Assert.Throws<InvalidOperationException>(() => meeting.RecordVideoMeeting("456", "https://zoom.example/j/456"));
    }

    [Fact]
    public void A_confirmation_needs_a_join_url()
    {
        var meeting = Schedule().Value;

        Assert.Throws<ArgumentException>(() => meeting.MarkScheduled(" "));
        Assert.Throws<ArgumentException>(() => meeting.RecordVideoMeeting(" ", "https://zoom.example/j/1"));
        Assert.Equal(MeetingStatus.Scheduling, meeting.Status);
    }

    [Fact]
    public void A_failed_meeting_keeps_its_reason_and_cannot_be_confirmed()
    {
        var meeting = Schedule().Value;

        meeting.MarkFailed("Zoom refused the request.");

        Assert.Equal(MeetingStatus.Failed, meeting.Status);
        Assert.Equal("Zoom refused the request.", meeting.FailureReason);
        Assert.False(meeting.NeedsCleanup);
        Assert.Throws<InvalidOperationException>(() => meeting.MarkScheduled("https://zoom.example/j/1"));
    }

    [Fact]
    public void A_failed_meeting_gives_its_video_meeting_back_as_an_undo_and_names_it_no_more()
    {
        var meeting = Schedule().Value;
        meeting.RecordVideoMeeting("987", "https://zoom.example/j/987");
        var now = DateTimeOffset.UtcNow;
        // Only a failed meeting gives it back: a meeting being set up (or scheduled) uses it.
        Assert.Throws<InvalidOperationException>(() => meeting.GiveBackVideoMeeting("zoom", now));

        meeting.MarkFailed("Google Calendar is unavailable.");
        Assert.True(meeting.NeedsCleanup);
        var undo = meeting.GiveBackVideoMeeting("zoom", now);

        Assert.Equal((meeting.Id, meeting.OrganizerId, ProviderUndoKind.VideoMeeting, "zoom", "987", 0), (undo.MeetingId, undo.OrganizerId, undo.Kind, undo.Provider, undo.ItemId, undo.Attempts));
        Assert.Null(meeting.ProviderMeetingId);
        Assert.False(meeting.NeedsCleanup);
        // Given back once: a second hand-over would owe it twice.
        Assert.Throws<InvalidOperationException>(() => meeting.GiveBackVideoMeeting("zoom", now));
    }

    [Fact]
    public void Only_the_organizer_and_participants_see_a_meeting()
    {
        var meeting = Schedule(participants: [Erin]).Value;

        Assert.True(meeting.IsVisibleTo(Organizer));
        Assert.True(meeting.IsVisibleTo(Erin.PersonId));
        Assert.False(meeting.IsVisibleTo(Hiro.PersonId));
    }

    [Fact]
    public void The_guest_list_is_kept_as_scheduled_and_an_edit_hides_or_shows_it_as_a_change_of_its_own()
    {
        var startUtc = Now.AddDays(1);
        var meeting = Meeting.Schedule(Guid.NewGuid(), Organizer, MeetingContextKind.Project, Guid.NewGuid(), "zoom", "Battery sourcing", null,
            startUtc, startUtc.AddHours(1), "Europe/London", [Erin, Hiro], Now, hideGuestList: true).Value;
        meeting.MarkScheduled("https://zoom.example/j/1");
        var version = meeting.Version;

        var unchanged = meeting.EditDetails("Battery sourcing", null, null, Organizer, Now);
        var shown = meeting.EditDetails("Battery sourcing", null, null, Organizer, Now, hideGuestList: false);
        var versionAfterShowing = meeting.Version;
        var again = meeting.EditDetails("Battery sourcing", null, null, Organizer, Now, hideGuestList: false);
        var hiddenWithTitle = meeting.EditDetails("Battery sourcing, part 2", null, null, Organizer, Now, hideGuestList: true);

        Assert.True(unchanged.IsSuccess && shown.IsSuccess && again.IsSuccess && hiddenWithTitle.IsSuccess);
        Assert.Equal(version + 1, versionAfterShowing);
        Assert.Equal(version + 2, meeting.Version);
        Assert.True(meeting.HideGuestList);
        Assert.Equal(["Edited details; Guest list hidden from participants", "Guest list shown to participants", "Scheduled"],
            meeting.History.OrderByDescending(h => h.Sequence).Select(h => h.Summary));
    }

    [Fact]
    public void A_meeting_shows_its_guest_list_unless_told_otherwise()
    {
        Assert.False(Schedule().Value.HideGuestList);
    }
}

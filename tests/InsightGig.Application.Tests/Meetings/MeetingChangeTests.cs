using System.Globalization;
using InsightGig.Application.Meetings.CancelMeeting;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.EditMeetingDetails;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// <see cref="RescheduleMeetingCommand"/>, <see cref="EditMeetingDetailsCommand"/>, <see cref="CancelMeetingCommand"/> and the
/// meeting page's queries through the real pipeline, with the adapters talking over HTTP to the provider sandbox: what is
/// validated, who may change or see a meeting, and what Zoom and Google Calendar hold afterwards.
/// </summary>
public sealed class MeetingChangeTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private const string Description = "Agenda: cobalt supply risks.";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;
    private static readonly TestCurrentUser Hiro = new(DemoData.Hiro.Id, null, false);
    private static readonly TestCurrentUser Sofia = new(DemoData.Sofia.Id, null, false);

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Clara's 45-minute Zoom call with Hiro from his profile, on <see cref="Day"/> at 15:00 London (15:00 UTC in January).</summary>
    private Task<ScheduledMeeting> ZoomWithHiroAsync() =>
        fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom",
            Title, Description, Day.At(15), Day.At(15, 45), []), Clara);

    /// <summary>Clara's Zoom call on the Northwind project with <paramref name="participants"/>.</summary>
    private Task<ScheduledMeeting> ZoomOnTheProjectAsync(params Guid[] participants) =>
        fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom",
            Title, Description, Day.At(15), Day.At(16), participants), Clara);

    private CalendarEventInfo TheEvent() => Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));

    private static DateTimeOffset EventTime(CalendarEventInfo calendarEvent, string which) =>
        DateTimeOffset.Parse(calendarEvent.Resource[which]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private int Requests(string method, string pathPart) =>
        Sandbox.GetRequestLog().Count(r => r.Method == method && r.Path.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>
    /// Clara's <paramref name="changes"/>, each on its own thread and held just before saving until all of them have read the
    /// meeting and applied their change: a real race for one version, every time.
    /// </summary>
    private async Task<Result<MeetingChanged>[]> AtOnceAsync(params ICommand<Result<MeetingChanged>>[] changes)
    {
        fixture.Rendezvous.Arm(changes.Length, SaveChangesRendezvous.Saving<Meeting>(EntityState.Modified));
        var results = await Task.WhenAll(changes.Select(change => Task.Run(() => fixture.SendAsync(change, Clara), MeetingsAppFixture.Ct)));
        Assert.Equal(changes.Length, fixture.Rendezvous.Arrived);
        return results;
    }

    private static void AssertInvalid(Result result, string field, string message)
    {
        Assert.True(result.IsFailure, "the command succeeded");
        Assert.Contains(result.Errors, e => e.Kind == ErrorKind.Validation && e.Field == field && e.Message == message);
    }

    [Fact]
    public async Task Rescheduling_a_zoom_meeting_moves_the_zoom_meeting_and_the_calendar_event_and_google_emails_everyone()
    {
        var scheduled = await ZoomWithHiroAsync();
        var zoomBefore = Assert.Single(Sandbox.GetZoomMeetings());
        var next = Day.AddDays(1);

        var result = await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, next.At(10), next.At(11, 30)), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(new MeetingChanged(scheduled.Id, 1, InStep: true, Problem: null), result.Value);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Equal((zoomBefore.Id, next.UtcAt(10), 90, "Europe/London", false), (zoom.Id, zoom.StartTime, zoom.Duration, zoom.Timezone, zoom.Deleted));
        var invite = TheEvent();
        Assert.Equal((next.UtcAt(10), next.UtcAt(11, 30), "confirmed"), (EventTime(invite, "start"), EventTime(invite, "end"), invite.Status));
        Assert.Equal(zoom.JoinUrl, invite.Resource["location"]?.GetValue<string>());
        var update = invite.Notifications[^1];
        Assert.Equal(("patch", "all", true), (update.Operation, update.SendUpdates, update.Explicit));
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((next.UtcAt(10), next.UtcAt(11, 30), 1, 1, 1, false), (meeting.StartUtc, meeting.EndUtc, meeting.Version, meeting.VideoSyncedVersion, meeting.CalendarSyncedVersion, meeting.IsConverging));
        var page = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara)).Value;
        var latest = page.History[0];
        Assert.Equal(("Rescheduled", "Clara Whitfield", ChangeSource.InsightGig), (latest.Summary, latest.ByName, latest.Source));
        Assert.Equal(["Rescheduled", "Scheduled"], page.History.Select(h => h.Summary));
    }

    [Fact]
    public async Task Rescheduling_into_the_repeated_autumn_hour_takes_the_instant_the_organizer_chose()
    {
        var scheduled = await ZoomWithHiroAsync();
        var fallBack = MeetingDates.NextLondonFallBack();

        // 00:30 BST (23:30Z the day before) until the second 01:30 (GMT, 01:30Z): two hours, as chosen.
        var result = await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, fallBack.At(0, 30), fallBack.At(1, 30), EndOffsetMinutes: 0), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((fallBack.AddDays(-1).UtcAt(23, 30), fallBack.UtcAt(1, 30)), (meeting.StartUtc, meeting.EndUtc));
    }

    public static TheoryData<string> InvalidReschedules => ["no start", "no end", "start in the past", "end before start", "longer than 24 h", "a time skipped by DST", "a time repeated by DST"];

    [Theory]
    [MemberData(nameof(InvalidReschedules))]
    public async Task An_invalid_reschedule_is_refused_for_its_field_and_changes_nothing_anywhere(string input)
    {
        var scheduled = await ZoomWithHiroAsync();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var springForward = MeetingDates.NextLondonSpringForward();
        var fallBack = MeetingDates.NextLondonFallBack();
        var (command, field, message) = input switch
        {
            "no start" => (new RescheduleMeetingCommand(scheduled.Id, 0, null, Day.At(16)), "Start", "Enter the starting date and time."),
            "no end" => (new RescheduleMeetingCommand(scheduled.Id, 0, Day.At(16), null), "End", "Enter the ending date and time."),
            "start in the past" => (new RescheduleMeetingCommand(scheduled.Id, 0, yesterday.At(10), yesterday.At(11)), "Start", "The start must be in the future."),
            "end before start" => (new RescheduleMeetingCommand(scheduled.Id, 0, Day.At(16), Day.At(15)), "End", "The end must be after the start."),
            "longer than 24 h" => (new RescheduleMeetingCommand(scheduled.Id, 0, Day.At(16), Day.AddDays(1).At(16, 1)), "End", "A meeting can last at most 24 hours."),
            "a time skipped by DST" => (new RescheduleMeetingCommand(scheduled.Id, 0, springForward.At(1, 30), springForward.At(3)), "Start",
                $"{springForward:yyyy-MM-dd} 01:30 does not exist in Europe/London: the clocks go forward then. Choose another time."),
            "a time repeated by DST" => (new RescheduleMeetingCommand(scheduled.Id, 0, fallBack.At(0, 30), fallBack.At(1, 30)), "End",
                $"{fallBack:yyyy-MM-dd} 01:30 happens twice in Europe/London: the clocks go back then. " +
                "Choose the first (UTC+01:00, 00:30 UTC) or the second (UTC+00:00, 01:30 UTC)."),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        var result = await fixture.SendAsync(command, Clara);

        AssertInvalid(result, field, message);
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((0, Day.UtcAt(15), Day.UtcAt(15, 45)), (meeting.Version, meeting.StartUtc, meeting.EndUtc));
        Assert.Equal(0, Requests("PATCH", "/"));
        Assert.Equal(Day.UtcAt(15), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);
    }

    [Fact]
    public async Task Only_the_organizer_can_change_a_meeting_a_participant_or_a_stranger_gets_not_found_and_nothing_changes()
    {
        var scheduled = await ZoomWithHiroAsync();
        var next = Day.AddDays(1);

        foreach (var someone in new[] { Hiro, TestCurrentUser.Gina, TestCurrentUser.Admin, TestCurrentUser.Anonymous })
        {
            var outcomes = new Result[]
            {
                await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, next.At(10), next.At(11)), someone),
                await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, 0, "Hijacked", null, null), someone),
                await fixture.SendAsync(new CancelMeetingCommand(scheduled.Id, 0, null), someone),
            };
            Assert.All(outcomes, outcome => Assert.Equal(ErrorKind.NotFound, Assert.Single(outcome.Errors).Kind));
        }

        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((0, Title, MeetingStatus.Scheduled, Day.UtcAt(15)), (meeting.Version, meeting.Title, meeting.Status, meeting.StartUtc));
        Assert.Equal(0, Requests("PATCH", "/") + Requests("DELETE", "/"));
    }

    [Fact]
    public async Task The_meeting_page_is_for_its_organizer_and_participants_only()
    {
        var scheduled = await ZoomWithHiroAsync();

        var organizer = await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara);
        var participant = await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Hiro);

        Assert.True(organizer.IsSuccess);
        Assert.True(participant.IsSuccess);
        Assert.Equal((true, true), (organizer.Value.IsOrganizer, organizer.Value.CanChange));
        Assert.Equal((false, false), (participant.Value.IsOrganizer, participant.Value.CanChange));
        var view = participant.Value;
        Assert.Equal((Title, Description, "zoom", "Zoom", Day.UtcAt(15), Day.UtcAt(15, 45), "Europe/London", 0),
            (view.Title, view.Description, view.Platform, view.PlatformName, view.StartUtc, view.EndUtc, view.MeetingTimeZoneId, view.Version));
        Assert.Equal(Assert.Single(Sandbox.GetZoomMeetings()).JoinUrl, view.JoinUrl);
        Assert.Equal(("Clara Whitfield", DemoData.Clara.Email), (view.Organizer.FullName, view.Organizer.Email));
        var hiro = Assert.Single(view.Participants);
        Assert.Equal(("Hiro Tanaka", ResponseStatus.Awaiting, true), (hiro.FullName, hiro.Response, hiro.IsViewer));
        Assert.Equal(new MeetingContextLink(MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "Hiro Tanaka"), view.Context);
        Assert.False(view.IsConverging);
        Assert.Null(view.SyncProblem);
        Assert.Equal(("Scheduled", "Clara Whitfield"), (Assert.Single(view.History).Summary, view.History[0].ByName));
        foreach (var stranger in new[] { TestCurrentUser.Gina, TestCurrentUser.Carlos, TestCurrentUser.Admin, TestCurrentUser.Anonymous })
        {
            Assert.Equal(ErrorKind.NotFound, Assert.Single((await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), stranger)).Errors).Kind);
            Assert.Equal(ErrorKind.NotFound, Assert.Single((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), stranger)).Errors).Kind);
        }

        Assert.True((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Hiro)).IsSuccess);
    }

    [Fact]
    public async Task Editing_a_project_meeting_changes_its_title_and_participants_on_zoom_and_on_the_event()
    {
        var scheduled = await ZoomOnTheProjectAsync(DemoData.Carlos.Id, DemoData.Erin.Id);
        var before = await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara);
        Assert.Equal([DemoData.Carlos.Id, DemoData.Erin.Id, DemoData.Hiro.Id, DemoData.Sofia.Id],
            before.Value.Candidates.Select(c => c.PersonId).Order());
        Assert.True(before.Value.ParticipantsEditable);

        var result = await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, 0, "Cathode sourcing call", "New agenda.", [DemoData.Erin.Id, DemoData.Sofia.Id]), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(new MeetingChanged(scheduled.Id, 1, true, null), result.Value);
        var invite = TheEvent();
        Assert.Equal([DemoData.Erin.Email, DemoData.Sofia.Email], invite.AttendeeEmails.Order(StringComparer.Ordinal));
        Assert.Equal("Cathode sourcing call", invite.Summary);
        Assert.StartsWith("New agenda.", invite.Resource["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("all", true), (invite.Notifications[^1].SendUpdates, invite.Notifications[^1].Explicit));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Equal(("Cathode sourcing call", $"New agenda.\n\nInsightGig meeting {scheduled.Id:N}"), (zoom.Topic, zoom.Agenda));
        var page = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara)).Value;
        Assert.Equal(["Erin Okafor", "Sofia Alvarez"], page.Participants.Select(p => p.FullName));
        Assert.Equal("Edited details and participants", page.History[0].Summary);
        // Sofia, an expert now invited, sees the meeting with herself and a count, never Erin (ParticipantVisibility).
        var sofiasPage = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Sofia)).Value;
        Assert.Equal(["Sofia Alvarez"], sofiasPage.Participants.Select(p => p.FullName));
        Assert.Equal(1, sofiasPage.OtherParticipants);
        // Carlos is no longer invited, so the meeting is no longer his to see.
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), TestCurrentUser.Carlos)).Errors).Kind);
    }

    public static TheoryData<string> InvalidEdits =>
        ["no title", "title of 201", "description of 8001", "nobody", "someone from another project", "participants of a 1:1"];

    [Theory]
    [MemberData(nameof(InvalidEdits))]
    public async Task An_invalid_edit_is_refused_for_its_field_and_changes_nothing_anywhere(string input)
    {
        var project = await ZoomOnTheProjectAsync(DemoData.Carlos.Id);
        var oneToOne = input == "participants of a 1:1" ? await ZoomWithHiroAsync() : null;
        var (command, field, message) = input switch
        {
            "no title" => (new EditMeetingDetailsCommand(project.Id, 0, " ", null, null), "Title", "Enter a title."),
            "title of 201" => (new EditMeetingDetailsCommand(project.Id, 0, new string('t', 201), null, null), "Title", "The title can have at most 200 characters."),
            "description of 8001" => (new EditMeetingDetailsCommand(project.Id, 0, Title, new string('d', 8001), null), "Description", "The description can have at most 8000 characters."),
            "nobody" => (new EditMeetingDetailsCommand(project.Id, 0, Title, null, []), "Participants", "Choose at least one collaborator other than yourself."),
            "someone from another project" => (new EditMeetingDetailsCommand(project.Id, 0, Title, null, [DemoData.Carlos.Id, DemoData.Marco.Id]),
                "Participants", "Only collaborators of this project can be invited."),
            "participants of a 1:1" => (new EditMeetingDetailsCommand(oneToOne!.Id, 0, Title, null, [DemoData.Hiro.Id, DemoData.Erin.Id]),
                "Participants", "A 1:1 meeting's participant cannot be changed."),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        var result = await fixture.SendAsync(command, Clara);

        AssertInvalid(result, field, message);
        var meeting = await fixture.MeetingAsync(command.MeetingId);
        Assert.Equal((0, Title), (meeting.Version, meeting.Title));
        Assert.Equal(0, Requests("PATCH", "/"));
    }

    [Fact]
    public async Task Cancelling_deletes_the_zoom_meeting_cancels_the_event_with_an_email_and_the_ics_becomes_a_cancel()
    {
        var scheduled = await ZoomWithHiroAsync();
        var before = IcsLines.Of((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Hiro)).Value.Content);

        var result = await fixture.SendAsync(new CancelMeetingCommand(scheduled.Id, 0, "  The client postponed the project.  "), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(new MeetingChanged(scheduled.Id, 1, true, null), result.Value);
        Assert.True(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
        var invite = TheEvent();
        Assert.Equal("cancelled", invite.Status);
        Assert.Equal(("delete", "all"), (invite.Notifications[^1].Operation, invite.Notifications[^1].SendUpdates));
        var page = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Hiro)).Value;
        Assert.Equal((MeetingStatus.Cancelled, "The client postponed the project.", false, false), (page.Status, page.CancellationNote, page.IsConverging, page.CanChange));
        Assert.NotNull(page.CancelledAtUtc);
        Assert.Equal(("Cancelled", "Clara Whitfield"), (page.History[0].Summary, page.History[0].ByName));
        var after = IcsLines.Of((await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Hiro)).Value.Content);
        Assert.Equal(("PUBLISH", "0", "CONFIRMED"), (IcsLines.Value(before, "METHOD"), IcsLines.Value(before, "SEQUENCE"), IcsLines.Value(before, "STATUS")));
        Assert.Equal(("CANCEL", "1", "CANCELLED"), (IcsLines.Value(after, "METHOD"), IcsLines.Value(after, "SEQUENCE"), IcsLines.Value(after, "STATUS")));
        Assert.Equal(IcsLines.Value(before, "UID"), IcsLines.Value(after, "UID"));
        Assert.Contains("The client postponed the project.", IcsLines.Value(after, "DESCRIPTION"), StringComparison.Ordinal);
        // A cancelled meeting cannot be changed any more.
        var reschedule = await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 1, Day.At(16), Day.At(17)), Clara);
        Assert.Equal(("meeting.cancelled", ErrorKind.Conflict), (reschedule.FirstError.Code, reschedule.FirstError.Kind));
    }

    [Fact]
    public async Task A_cancellation_note_longer_than_2000_characters_is_refused()
    {
        var scheduled = await ZoomWithHiroAsync();

        var result = await fixture.SendAsync(new CancelMeetingCommand(scheduled.Id, 0, new string('n', 2001)), Clara);

        AssertInvalid(result, "Note", "The note can have at most 2000 characters.");
        Assert.Equal(MeetingStatus.Scheduled, (await fixture.MeetingAsync(scheduled.Id)).Status);
        Assert.False(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
    }

    [Fact]
    public async Task A_stale_form_is_told_the_meeting_changed_and_never_overwrites_the_newer_version()
    {
        var scheduled = await ZoomWithHiroAsync();
        var next = Day.AddDays(1);
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, next.At(9), next.At(10)), Clara)).IsSuccess);

        // Another tab still shows version 0.
        var edit = await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, 0, "Renamed in the old tab", null, null), Clara);
        var reschedule = await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, next.At(14), next.At(15)), Clara);
        var cancel = await fixture.SendAsync(new CancelMeetingCommand(scheduled.Id, 0, null), Clara);

        foreach (var stale in new Result[] { edit, reschedule, cancel })
        {
            var error = Assert.Single(stale.Errors);
            Assert.Equal(("meeting.changed", ErrorKind.Conflict), (error.Code, error.Kind));
            Assert.StartsWith("This meeting changed since you opened it", error.Message, StringComparison.Ordinal);
        }

        var current = (await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara)).Value;
        Assert.Equal((1, Title, next.UtcAt(9), MeetingStatus.Scheduled), (current.Version, current.Title, current.StartUtc, current.Status));
        Assert.Equal(next.UtcAt(9), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);
        Assert.Equal(next.UtcAt(9), EventTime(TheEvent(), "start"));

        // With the version the page now shows, the change goes through.
        var again = await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, current.Version, "Renamed in the old tab", null, null), Clara);
        Assert.Equal(2, again.Value.Version);
    }

    [Fact]
    public async Task A_double_submitted_change_applies_once()
    {
        var scheduled = await ZoomWithHiroAsync();
        var next = Day.AddDays(2);
        var move = new RescheduleMeetingCommand(scheduled.Id, 0, next.At(9), next.At(10));

        var first = await fixture.SendAsync(move, Clara);
        var second = await fixture.SendAsync(move, Clara);
        var cancel = new CancelMeetingCommand(scheduled.Id, 1, null);
        var cancelled = await fixture.SendAsync(cancel, Clara);
        var cancelledAgain = await fixture.SendAsync(cancel, Clara);

        Assert.Equal(new MeetingChanged(scheduled.Id, 1, true, null), first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(new MeetingChanged(scheduled.Id, 2, true, null), cancelled.Value);
        Assert.Equal(cancelled.Value, cancelledAgain.Value);
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal(["Scheduled", "Rescheduled", "Cancelled"], meeting.History.Select(h => h.Summary));
        Assert.Equal(1, Requests("PATCH", "/zoom/v2/meetings/"));
        Assert.Equal(1, Requests("PATCH", "/calendar/v3/"));
        Assert.Equal(1, Requests("DELETE", "/zoom/v2/meetings/"));
        Assert.Equal(1, Requests("DELETE", "/calendar/v3/"));
    }

    [Fact]
    public async Task The_same_change_sent_three_times_at_once_is_applied_once()
    {
        var scheduled = await ZoomWithHiroAsync();
        var next = Day.AddDays(3);
        var move = new RescheduleMeetingCommand(scheduled.Id, 0, next.At(8), next.At(9));

        var results = await AtOnceAsync(move, move, move);

        // One applied it; the two that lost the race get the same answer as a double submission one after the other.
        Assert.All(results, r => Assert.True(r.IsSuccess, r.IsFailure ? r.FirstError.Code : null));
        Assert.All(results, r => Assert.Equal((scheduled.Id, 1), (r.Value.MeetingId, r.Value.Version)));
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((1, next.UtcAt(8)), (meeting.Version, meeting.StartUtc));
        Assert.Single(meeting.History, h => h.Summary == "Rescheduled");
        Assert.Equal(next.UtcAt(8), Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).StartTime);
        Assert.Equal(next.UtcAt(8), EventTime(TheEvent(), "start"));
        // The providers were told once.
        Assert.Equal(1, Requests("PATCH", "/zoom/v2/meetings/"));
        Assert.Equal(1, Requests("PATCH", "/calendar/v3/"));
    }

    [Fact]
    public async Task Two_different_changes_at_once_apply_one_and_tell_the_other_that_the_meeting_changed()
    {
        var scheduled = await ZoomWithHiroAsync();
        var next = Day.AddDays(4);

        var results = await AtOnceAsync(
            new RescheduleMeetingCommand(scheduled.Id, 0, next.At(8), next.At(9)),
            new EditMeetingDetailsCommand(scheduled.Id, 0, "Cathode call", Description, null));

        var applied = Assert.Single(results, r => r.IsSuccess);
        var refused = Assert.Single(results, r => r.IsFailure);
        Assert.Equal((ErrorKind.Conflict, "meeting.changed"), (refused.FirstError.Kind, refused.FirstError.Code));
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal(1, meeting.Version);
        Assert.Equal(["Scheduled", applied == results[0] ? "Rescheduled" : "Edited details"], meeting.History.Select(h => h.Summary));
        var moved = applied == results[0];
        Assert.Equal((moved ? next.UtcAt(8) : Day.UtcAt(15), moved ? Title : "Cathode call"), (meeting.StartUtc, meeting.Title));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Equal((meeting.StartUtc, meeting.Title), (zoom.StartTime!.Value, zoom.Topic));
        Assert.Equal(1, Requests("PATCH", "/zoom/v2/meetings/"));
        Assert.Equal(1, Requests("PATCH", "/calendar/v3/"));
    }

    [Fact]
    public async Task The_ics_has_a_stable_uid_a_sequence_raised_by_every_change_the_people_and_utc_times()
    {
        var scheduled = await ZoomOnTheProjectAsync(DemoData.Carlos.Id, DemoData.Erin.Id);
        await fixture.WithDbContextAsync(async db =>
        {
            var tracked = await db.Meetings.SingleAsync(m => m.Id == scheduled.Id, MeetingsAppFixture.Ct);
            tracked.RecordResponse(DemoData.Erin.Email, ResponseStatus.Accepted, DateTimeOffset.UtcNow, "Google Calendar");
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        var first = await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), TestCurrentUser.Erin);
        var next = Day.AddDays(1);
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(scheduled.Id, 0, next.At(9), next.At(9, 30)), Clara)).IsSuccess);
        Assert.True((await fixture.SendAsync(new EditMeetingDetailsCommand(scheduled.Id, 1, "Cathode call; part 2", Description, null), Clara)).IsSuccess);
        // The organizer's file lists everyone (an expert's lists only them: GuestListTests, ParticipantVisibilityTests).
        var third = await fixture.SendAsync(new GetMeetingIcsQuery(scheduled.Id), Clara);

        Assert.Equal("cathode-call-part-2.ics", third.Value.FileName);
        Assert.Equal("battery-sourcing-call.ics", first.Value.FileName);
        var before = IcsLines.Of(first.Value.Content);
        var after = IcsLines.Of(third.Value.Content);
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        // The calendar event's own UID (the sandbox's iCalUID, as Google's), so importing the file beside the invite makes no copy.
        Assert.Equal(TheEvent().Resource["iCalUID"]!.GetValue<string>(), IcsLines.Value(before, "UID"));
        Assert.Equal(meeting.CalendarEventUid, IcsLines.Value(before, "UID"));
        Assert.NotEqual($"{meeting.CalendarEventId}@insightgig", meeting.CalendarEventUid);
        Assert.Equal(IcsLines.Value(before, "UID"), IcsLines.Value(after, "UID"));
        Assert.Equal(("0", "2"), (IcsLines.Value(before, "SEQUENCE"), IcsLines.Value(after, "SEQUENCE")));
        Assert.Equal(("BEGIN:VCALENDAR", "END:VCALENDAR"), (after[0], after[^1]));
        Assert.Equal(("2.0", "PUBLISH", "Europe/London"), (IcsLines.Value(after, "VERSION"), IcsLines.Value(after, "METHOD"), IcsLines.Value(after, "X-WR-TIMEZONE")));
        Assert.Equal(@"Cathode call\; part 2", IcsLines.Value(after, "SUMMARY"));
        var utc = next.UtcAt(9).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal((utc, next.UtcAt(9, 30).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)),
            (IcsLines.Value(after, "DTSTART"), IcsLines.Value(after, "DTEND")));
        Assert.Equal(Day.UtcAt(15).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), IcsLines.Value(before, "DTSTART"));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Equal(zoom.JoinUrl, IcsLines.Value(after, "LOCATION"));
        Assert.Equal(zoom.JoinUrl, IcsLines.Value(after, "URL"));
        Assert.Contains(zoom.JoinUrl.Replace(",", "\\,", StringComparison.Ordinal), IcsLines.Value(after, "DESCRIPTION"), StringComparison.Ordinal);
        Assert.Contains("(Europe/London)", IcsLines.Value(after, "DESCRIPTION"), StringComparison.Ordinal);
        Assert.Equal($"ORGANIZER;CN=Clara Whitfield:mailto:{DemoData.Clara.Email}", Assert.Single(IcsLines.Lines(after, "ORGANIZER")));
        Assert.Equal(
            [
                $"ATTENDEE;CN=Carlos Mendes;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{DemoData.Carlos.Email}",
                $"ATTENDEE;CN=Erin Okafor;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:{DemoData.Erin.Email}",
            ],
            IcsLines.Lines(after, "ATTENDEE"));
    }
}

using System.Globalization;
using InsightGig.Application.Integrations.GetMyConnections;
using InsightGig.Application.Meetings.FindTime;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>
/// <see cref="ScheduleMeetingCommand"/> through the real DI container and Mediator pipeline, the adapters talking over HTTP
/// to the provider sandbox: what is validated, what the providers end up holding, and that nothing is ever half-made.
/// </summary>
public sealed class ScheduleMeetingHandlerTests(SchedulingAppFixture fixture) : IClassFixture<SchedulingAppFixture>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private const string Description = "Agenda: cobalt supply risks.";
    private const string London = "Europe/London";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private SandboxedAppServices App => fixture.App;

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A 45-minute call on <see cref="Day"/> at 15:00 London time (15:00 UTC in January).</summary>
    private static ScheduleMeetingCommand Command(MeetingContextKind kind, Guid contextId, string platform, params Guid[] participants) =>
        new(Guid.NewGuid(), kind, contextId, platform, Title, Description, Day.At(15), Day.At(15, 45), participants);

    private static ScheduleMeetingCommand ZoomWithHiro() => Command(MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom");

    private static ScheduleMeetingCommand MeetOnTheNorthwindProject(params Guid[] participants) =>
        Command(MeetingContextKind.Project, DemoData.NorthwindProjectId, "google-meet", participants);

    private Task<List<Meeting>> MeetingsAsync() => App.WithDbContextAsync(db => db.Meetings.AsNoTracking().ToListAsync());

    private static void AssertError(Result result, string field, string message)
    {
        Assert.True(result.IsFailure, "the command succeeded");
        Assert.Contains(result.Errors, e => e.Field == field && e.Message == message && e.Kind == ErrorKind.Validation);
    }

    private async Task AssertNothingWasCreatedAsync()
    {
        Assert.Empty(await MeetingsAsync());
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }

    public static TheoryData<string> InvalidInputs => ["no title", "title of 201", "description of 8001", "no start", "start in the past", "end before start", "longer than 24 h"];

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_is_refused_with_a_message_for_its_field_and_nothing_is_created(string input)
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var valid = ZoomWithHiro();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var (command, field, message) = input switch
        {
            "no title" => (valid with { Title = " " }, "Title", "Enter a title."),
            "title of 201" => (valid with { Title = new string('t', 201) }, "Title", "The title can have at most 200 characters."),
            "description of 8001" => (valid with { Description = new string('d', 8001) }, "Description", "The description can have at most 8000 characters."),
            "no start" => (valid with { Start = null }, "Start", "Enter the starting date and time."),
            "start in the past" => (valid with { Start = yesterday.At(10), End = yesterday.At(11) }, "Start", "The start must be in the future."),
            "end before start" => (valid with { End = Day.At(14) }, "End", "The end must be after the start."),
            "longer than 24 h" => (valid with { End = Day.AddDays(1).At(15, 1) }, "End", "A meeting can last at most 24 hours."),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        var result = await App.SendAsync(command, TestCurrentUser.Clara);

        AssertError(result, field, message);
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task Too_many_participants_is_an_error_on_the_participants_field_the_form_shows_it_next_to()
    {
        // The rule checks Participants.Count; its error still names the command's (and the form's) Participants field.
        var command = MeetOnTheNorthwindProject([.. Enumerable.Range(0, 201).Select(_ => Guid.NewGuid())]);

        var result = await App.SendAsync(command, TestCurrentUser.Clara);

        Assert.True(result.IsFailure, "the command succeeded");
        Assert.Contains(result.Errors, e => e.Kind == ErrorKind.Validation && e.Field == nameof(ScheduleMeetingCommand.Participants));
        await AssertNothingWasCreatedAsync();
    }

    public static TheoryData<string> OutsiderInvites => ["unknown person", "collaborator of another project", "client of another organisation", "nobody", "a third person on a profile", "a third person on a brief"];

    [Theory]
    [MemberData(nameof(OutsiderInvites))]
    public async Task Only_the_people_of_the_context_can_be_invited(string invite)
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var (command, message) = invite switch
        {
            "unknown person" => (MeetOnTheNorthwindProject(DemoData.Erin.Id, Guid.NewGuid()), "Only collaborators of this project can be invited."),
            "collaborator of another project" => (MeetOnTheNorthwindProject(DemoData.Marco.Id), "Only collaborators of this project can be invited."),
            "client of another organisation" => (MeetOnTheNorthwindProject(DemoData.Gina.Id), "Only collaborators of this project can be invited."),
            "nobody" => (MeetOnTheNorthwindProject(), "Choose at least one collaborator."),
            "a third person on a profile" => (Command(MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", DemoData.Erin.Id), "A meeting from here is with Hiro Tanaka only."),
            "a third person on a brief" => (Command(MeetingContextKind.Brief, DemoData.NorthwindBriefId, "zoom", DemoData.Carlos.Id), "A meeting from here is with Priya Raman only."),
            _ => throw new ArgumentOutOfRangeException(nameof(invite)),
        };

        var result = await App.SendAsync(command, TestCurrentUser.Clara);

        AssertError(result, "Participants", message);
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task A_brief_or_profile_meeting_is_with_its_fixed_person_even_when_the_form_names_them()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);

        var result = await App.SendAsync(Command(MeetingContextKind.Brief, DemoData.NorthwindBriefId, "google-meet", DemoData.Priya.Id), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal([DemoData.Priya.FullName], result.Value.ParticipantNames);
        Assert.Equal([DemoData.Priya.Email], Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email)).AttendeeEmails);
    }

    [Fact]
    public async Task A_context_the_organizer_cannot_see_is_not_found()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);

        var otherProject = await App.SendAsync(Command(MeetingContextKind.Project, DemoData.GlobexProjectId, "zoom", DemoData.Marco.Id), TestCurrentUser.Clara);
        var otherBrief = await App.SendAsync(Command(MeetingContextKind.Brief, DemoData.GlobexBriefId, "zoom"), TestCurrentUser.Clara);

        Assert.Equal(ErrorKind.NotFound, otherProject.FirstError.Kind);
        Assert.Equal(ErrorKind.NotFound, otherBrief.FirstError.Kind);
        Assert.Empty(await MeetingsAsync());
    }

    public static TheoryData<string, MeetingContextKind, Guid, Guid[]> ExpertAttempts() => new()
    {
        { nameof(DemoData.Erin), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, [] },
        { nameof(DemoData.Erin), MeetingContextKind.Project, DemoData.NorthwindProjectId, [DemoData.Hiro.Id] },
        { nameof(DemoData.Erin), MeetingContextKind.Project, DemoData.NorthwindProjectId, [DemoData.Clara.Id] },
        { nameof(DemoData.Priya), MeetingContextKind.Brief, DemoData.NorthwindBriefId, [] },
    };

    [Theory]
    [MemberData(nameof(ExpertAttempts))]
    public async Task An_expert_cannot_schedule_find_a_time_or_open_the_dialog_anywhere_and_nothing_is_made(
        string expert, MeetingContextKind kind, Guid contextId, Guid[] participants)
    {
        var (account, viewer) = expert == nameof(DemoData.Priya) ? (DemoData.Priya, TestCurrentUser.Priya) : (DemoData.Erin, TestCurrentUser.Erin);
        await fixture.ConnectAsync(account, SandboxProvider.Zoom, SandboxProvider.Google);

        var scheduled = await App.SendAsync(Command(kind, contextId, "zoom", participants), viewer);
        var options = await App.SendAsync(new GetSchedulingOptionsQuery(kind, contextId), viewer);
        var times = await App.SendAsync(new FindTimeQuery(kind, contextId, participants, 60), viewer);

        foreach (var refused in new Result[] { scheduled, options, times })
        {
            var error = Assert.Single(refused.Errors);
            Assert.Equal((WhoSchedules.ExpertRefusedCode, ErrorKind.Forbidden, WhoSchedules.ExpertRefusedMessage), (error.Code, error.Kind, error.Message));
        }

        Assert.Empty(await MeetingsAsync());
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(Sandbox.GetCalendarEvents(account.Email));
    }

    [Fact]
    public async Task Staff_still_schedule_with_an_expert()
    {
        await fixture.ConnectAsync(DemoData.Admin, SandboxProvider.Zoom, SandboxProvider.Google);

        var scheduled = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Admin);

        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        Assert.Equal([DemoData.Hiro.FullName], scheduled.Value.ParticipantNames);
    }

    [Fact]
    public async Task Without_the_linked_accounts_a_platform_needs_the_organizer_is_told_which_to_connect()
    {
        var noAccounts = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom);
        var zoomOnly = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);
        var meetWithZoomOnly = await App.SendAsync(MeetOnTheNorthwindProject(DemoData.Carlos.Id), TestCurrentUser.Clara);

        AssertError(noAccounts, "Platform", "To schedule on Zoom, first connect: Zoom and a calendar (Google Calendar or Outlook Calendar).");
        AssertError(zoomOnly, "Platform", "To schedule on Zoom, first connect: a calendar (Google Calendar or Outlook Calendar).");
        AssertError(meetWithZoomOnly, "Platform", "To schedule on Google Meet, first connect: Google Calendar.");
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task A_zoom_meeting_from_a_profile_makes_one_zoom_meeting_and_one_invite_on_the_organizers_calendar()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.False(zoom.Deleted);
        Assert.Equal(Title, zoom.Topic);
        Assert.Equal(2, zoom.Type);
        Assert.Equal(Day.UtcAt(15), zoom.StartTime);
        Assert.Equal(45, zoom.Duration);
        Assert.Equal(London, zoom.Timezone);
        // The agenda ends with the InsightGig meeting it belongs to: how a take-over finds a Zoom meeting whose id was never saved.
        Assert.Equal($"{Description}\n\nInsightGig meeting {result.Value.Id:N}", zoom.Agenda);
        Assert.Equal(DemoData.Clara.Email, zoom.HostEmail, ignoreCase: true);

        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal("confirmed", invite.Status);
        Assert.Equal(Title, invite.Summary);
        Assert.Equal([DemoData.Hiro.Email], invite.AttendeeEmails);
        Assert.Equal(zoom.JoinUrl, invite.Resource["location"]?.GetValue<string>());
        var description = invite.Resource["description"]?.GetValue<string>() ?? string.Empty;
        Assert.StartsWith(Description, description, StringComparison.Ordinal);
        Assert.Contains(zoom.JoinUrl, description, StringComparison.Ordinal);
        Assert.Equal(Day.UtcAt(15), DateTimeOffset.Parse(invite.Resource["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(Day.UtcAt(15, 45), DateTimeOffset.Parse(invite.Resource["end"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(London, invite.Resource["start"]!["timeZone"]?.GetValue<string>());
        Assert.Null(invite.HangoutLink);
        var sent = Assert.Single(invite.Notifications);
        Assert.Equal("all", sent.SendUpdates);
        Assert.True(sent.Explicit);
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Hiro.Email));

        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(zoom.JoinUrl, meeting.JoinUrl);
        Assert.Equal(zoom.Id.ToString(CultureInfo.InvariantCulture), meeting.ProviderMeetingId);
        Assert.Equal(invite.Id, meeting.CalendarEventId);
        Assert.Equal(Day.UtcAt(15), meeting.StartUtc);
        Assert.Equal(Day.UtcAt(15, 45), meeting.EndUtc);
        Assert.Equal(London, meeting.TimeZoneId);
        Assert.Equal([DemoData.Hiro.Id], meeting.Participants.Select(p => p.PersonId));
        Assert.Equal(MeetingStatus.Scheduled, result.Value.Status);
        Assert.Equal(zoom.JoinUrl, result.Value.JoinUrl);
    }

    [Fact]
    public async Task A_google_meet_from_a_project_invites_both_chosen_collaborators_on_one_event_with_a_conference()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Google);

        var result = await App.SendAsync(MeetOnTheNorthwindProject(DemoData.Carlos.Id, DemoData.Erin.Id), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal([DemoData.Carlos.Email, DemoData.Erin.Email], invite.AttendeeEmails.Order(StringComparer.Ordinal));
        Assert.Equal("success", invite.ConferenceStatus);
        Assert.NotNull(invite.HangoutLink);
        Assert.Equal("hangoutsMeet", invite.Resource["conferenceData"]?["conferenceSolution"]?["key"]?["type"]?.GetValue<string>());
        Assert.Equal("all", Assert.Single(invite.Notifications).SendUpdates);
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));

        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(invite.HangoutLink, meeting.JoinUrl);
        Assert.Null(meeting.ProviderMeetingId);
        Assert.Equal("google-meet", meeting.PlatformKey);
        Assert.Equal([DemoData.Carlos.Id, DemoData.Erin.Id], meeting.Participants.Select(p => p.PersonId).Order());
    }

    [Fact]
    public async Task The_same_submission_sent_twice_in_a_row_creates_one_meeting()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var command = ZoomWithHiro();

        var first = await App.SendAsync(command, TestCurrentUser.Clara);
        var second = await App.SendAsync(command, TestCurrentUser.Clara);

        Assert.True(first.IsSuccess && second.IsSuccess);
        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(first.Value.JoinUrl, second.Value.JoinUrl);
        Assert.Single(await MeetingsAsync());
        Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }

    [Fact]
    public async Task The_same_submission_sent_four_times_at_once_creates_one_meeting()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var command = ZoomWithHiro();
        // Four callers on four threads, each held just before its insert until all four have found "no meeting yet":
        // the double-submit race at its worst, every time.
        fixture.Rendezvous.Arm(4, SaveChangesRendezvous.Saving<Meeting>(EntityState.Added));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => App.SendAsync(command, TestCurrentUser.Clara), TestContext.Current.CancellationToken)));

        Assert.Equal(4, fixture.Rendezvous.Arrived);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.IsFailure ? r.FirstError.Message : null));
        Assert.All(results, r => Assert.Equal(command.IdempotencyKey, r.Value.Id));
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.False(zoom.Deleted);
        Assert.Equal(zoom.JoinUrl, meeting.JoinUrl);
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        // One create at each provider, and nothing patched or deleted to tidy up after a loser.
        Assert.Equal(["POST zoom", "POST calendar"], Sandbox.ProviderApiCalls());
    }

    [Fact]
    public async Task When_the_calendar_fails_after_zoom_the_zoom_meeting_is_deleted_and_the_meeting_is_failed()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        // More failures than the adapter's retries (1 try + 3 retries of the insert).
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 10 });
        var command = ZoomWithHiro();

        var result = await App.SendAsync(command, TestCurrentUser.Clara);
        Sandbox.ClearFaults();
        var again = await App.SendAsync(command, TestCurrentUser.Clara);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("Google Calendar is not answering right now. Nothing was created; please try again in a moment.", error.Message);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.True(zoom.Deleted, "the Zoom meeting made before the calendar failed is still there");
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Failed, meeting.Status);
        Assert.Null(meeting.ProviderMeetingId);
        Assert.False(meeting.NeedsCleanup);
        Assert.Equal(error.Message, meeting.FailureReason);
        // The same submission again gets the same answer and makes nothing new.
        Assert.Equal("meeting.failed", again.FirstError.Code);
        Assert.Equal(error.Message, again.FirstError.Message);
        Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        // Not upcoming; its organizer still finds it under Cancelled, with why it failed on its page.
        Assert.Empty((await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Clara)).Value.Meetings);
        Assert.Equal(MeetingStatus.Failed, Assert.Single((await App.SendAsync(new GetMyMeetingsQuery(MeetingsTab.Cancelled), TestCurrentUser.Clara)).Value.Meetings).Status);
    }

    [Fact]
    public async Task Access_tokens_the_providers_no_longer_accept_are_refreshed_and_scheduling_succeeds()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        Assert.Equal(2, Sandbox.ExpireAccessTokens());

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, result.Value.Status);
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Google, "refresh_token"));
        Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        var zoom = await SandboxTestData.ConnectionAsync(App.Services, DemoData.Clara.Id, "zoom");
        Assert.NotNull(zoom!.LastRefreshedAtUtc);
    }

    [Fact]
    public async Task Access_tokens_about_to_expire_are_refreshed_before_the_call()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        await App.WithDbContextAsync(db => db.ProviderConnections
            .Where(c => c.PersonId == DemoData.Clara.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessTokenExpiresAtUtc, DateTimeOffset.UtcNow.AddSeconds(20))));

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Google, "refresh_token"));
        Assert.DoesNotContain(Sandbox.GetRequestLog(), r => r.Status == 401);
    }

    [Fact]
    public async Task A_refresh_refused_with_invalid_grant_makes_the_connection_reconnect_needed_and_tells_the_organizer()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        Sandbox.ExpireAccessTokens(SandboxProvider.Zoom);
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);

        AssertError(result, "Platform", "Zoom no longer accepts InsightGig's access: reconnect Zoom and try again. Nothing was created.");
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        var zoom = await SandboxTestData.ConnectionAsync(App.Services, DemoData.Clara.Id, "zoom");
        Assert.Equal(ConnectionStatus.ReconnectNeeded, zoom!.Status);
        Assert.Null(zoom.ProtectedAccessToken);
        Assert.Null(zoom.ProtectedRefreshToken);
        Assert.Equal(MeetingStatus.Failed, Assert.Single(await MeetingsAsync()).Status);

        var options = await App.SendAsync(new GetSchedulingOptionsQuery(MeetingContextKind.ExpertProfile, DemoData.Hiro.Id), TestCurrentUser.Clara);
        var zoomPlatform = Assert.Single(options.Value.Platforms, p => p.Key == "zoom");
        Assert.False(zoomPlatform.Ready);
        Assert.True(zoomPlatform.NextToConnect!.ReconnectNeeded);
        var connections = await App.SendAsync(new GetMyConnectionsQuery(), TestCurrentUser.Clara);
        Assert.Equal(ConnectionState.ReconnectNeeded, Assert.Single(connections, c => c.Provider == "zoom").State);
    }

    [Fact]
    public async Task Across_londons_spring_forward_the_meeting_is_stored_in_utc_and_a_skipped_time_is_refused()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var day = MeetingDates.NextLondonSpringForward();
        var across = ZoomWithHiro() with { Start = day.At(0, 30), End = day.At(2, 30) };
        var skipped = ZoomWithHiro() with { Start = day.At(1, 30), End = day.At(3, 0) };

        var scheduled = await App.SendAsync(across, TestCurrentUser.Clara);
        var refused = await App.SendAsync(skipped, TestCurrentUser.Clara);

        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        // 00:30 GMT is 00:30 UTC; 02:30 BST is 01:30 UTC: one hour, not two.
        Assert.Equal(day.UtcAt(0, 30), scheduled.Value.StartUtc);
        Assert.Equal(day.UtcAt(1, 30), scheduled.Value.EndUtc);
        var stored = Assert.Single(await MeetingsAsync());
        Assert.Equal(day.UtcAt(0, 30), stored.StartUtc);
        Assert.Equal(day.UtcAt(1, 30), stored.EndUtc);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Equal(day.UtcAt(0, 30), zoom.StartTime);
        Assert.Equal(60, zoom.Duration);
        AssertError(refused, "Start",
            $"{day:yyyy-MM-dd} 01:30 does not exist in Europe/London: the clocks go forward then. Choose another time.");
    }

    [Fact]
    public async Task An_upcoming_meeting_is_listed_for_its_organizer_and_participants_only()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        var scheduled = await App.SendAsync(MeetOnTheNorthwindProject(DemoData.Carlos.Id, DemoData.Erin.Id), TestCurrentUser.Clara);
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        var onProject = new ListContextMeetingsQuery(MeetingContextKind.Project, DemoData.NorthwindProjectId);

        var clara = (await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Clara)).Value.Meetings;
        var carlos = (await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Carlos)).Value.Meetings;
        var erinOnProject = await App.SendAsync(onProject, TestCurrentUser.Erin);

        var mine = Assert.Single(clara);
        Assert.True(mine.IsOrganizer);
        Assert.Equal(Day.UtcAt(15), mine.StartUtc);
        Assert.Equal(scheduled.Value.JoinUrl, mine.JoinUrl);
        var theirs = Assert.Single(carlos);
        Assert.False(theirs.IsOrganizer);
        Assert.Equal(DemoData.Clara.FullName, theirs.OrganizerName);
        Assert.Equal([DemoData.Carlos.FullName, DemoData.Erin.FullName], theirs.ParticipantNames.Order(StringComparer.Ordinal));
        Assert.Equal(scheduled.Value.Id, Assert.Single(erinOnProject).Id);
        Assert.Empty((await App.SendAsync(new GetMyMeetingsQuery(), new TestCurrentUser(DemoData.Hiro.Id, null, false))).Value.Meetings);
        Assert.Empty(await App.SendAsync(onProject, new TestCurrentUser(DemoData.Hiro.Id, null, false)));
        Assert.Empty((await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Gina)).Value.Meetings);
    }
}

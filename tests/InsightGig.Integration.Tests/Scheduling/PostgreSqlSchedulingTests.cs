using System.Globalization;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Integration.Tests.Scheduling;

/// <summary>Scheduling on PostgreSQL (timestamptz, a real unique key under concurrency), with the providers emulated over HTTP.</summary>
public sealed class PostgreSqlSchedulingTests(PostgreSqlSandboxFixture fixture) : IClassFixture<PostgreSqlSandboxFixture>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private SandboxedAppServices App => fixture.App;

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ScheduleMeetingCommand ZoomWithHiro() => new(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", Title,
        "Agenda: cobalt.", Day.At(15), Day.At(15, 45), []);

    private Task<List<Meeting>> MeetingsAsync() => App.WithDbContextAsync(db => db.Meetings.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task The_services_really_use_the_test_database()
    {
        var connection = await App.WithDbContextAsync(db => Task.FromResult((db is PostgreSqlApplicationDbContext, db.Database.GetConnectionString())));

        Assert.True(connection.Item1);
        Assert.Contains(fixture.Database.DatabaseName, connection.Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zoom_meeting_is_stored_in_utc_with_its_participant_and_made_once_at_each_provider()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(Day.UtcAt(15), meeting.StartUtc);
        Assert.Equal(Day.UtcAt(15, 45), meeting.EndUtc);
        Assert.Equal(TimeSpan.Zero, meeting.StartUtc.Offset);
        Assert.Equal([(DemoData.Hiro.Id, DemoData.Hiro.Email)], meeting.Participants.Select(p => (p.PersonId, p.Email)));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Equal((Day.UtcAt(15), 45, "Europe/London"), (zoom.StartTime, zoom.Duration, zoom.Timezone));
        Assert.Equal(zoom.Id.ToString(CultureInfo.InvariantCulture), meeting.ProviderMeetingId);
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal([DemoData.Hiro.Email], invite.AttendeeEmails);
        Assert.Equal(zoom.JoinUrl, invite.Resource["location"]?.GetValue<string>());
        Assert.Equal("all", Assert.Single(invite.Notifications).SendUpdates);
    }

    [Fact]
    public async Task Five_identical_submissions_at_once_make_one_meeting_one_zoom_meeting_and_one_event()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var command = ZoomWithHiro();
        // Five threads, each held just before its insert until all five found "no meeting yet": concurrent transactions
        // race for the primary key.
        fixture.Rendezvous.Arm(5, SaveChangesRendezvous.Saving<Meeting>(EntityState.Added));

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => App.SendAsync(command, TestCurrentUser.Clara), TestContext.Current.CancellationToken)));

        Assert.Equal(5, fixture.Rendezvous.Arrived);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.IsFailure ? r.FirstError.Message : null));
        Assert.All(results, r => Assert.Equal(command.IdempotencyKey, r.Value.Id));
        Assert.Equal(MeetingStatus.Scheduled, Assert.Single(await MeetingsAsync()).Status);
        Assert.False(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal(["POST zoom", "POST calendar"], Sandbox.ProviderApiCalls());
    }

    [Fact]
    public async Task The_same_change_sent_three_times_at_once_is_saved_once_and_sent_to_each_provider_once()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var scheduled = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        var next = Day.AddDays(3);
        var move = new RescheduleMeetingCommand(scheduled.Value.Id, 0, next.At(8), next.At(9));
        fixture.Rendezvous.Arm(3, SaveChangesRendezvous.Saving<Meeting>(EntityState.Modified));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => App.SendAsync(move, TestCurrentUser.Clara), TestContext.Current.CancellationToken)));

        Assert.Equal(3, fixture.Rendezvous.Arrived);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.IsFailure ? r.FirstError.Code + ": " + r.FirstError.Message : null));
        Assert.All(results, r => Assert.Equal(1, r.Value.Version));
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal((1, next.UtcAt(8)), (meeting.Version, meeting.StartUtc));
        Assert.Equal(["Scheduled", "Rescheduled"], meeting.History.Select(h => h.Summary));
        Assert.Equal(next.UtcAt(8), Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).StartTime);
        Assert.Equal(["POST zoom", "POST calendar", "PATCH zoom", "PATCH calendar"], Sandbox.ProviderApiCalls());
    }

    [Fact]
    public async Task A_calendar_outage_after_zoom_leaves_no_half_meeting()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 10 });

        var result = await App.SendAsync(ZoomWithHiro(), TestCurrentUser.Clara);
        Sandbox.ClearFaults();

        Assert.Equal(ErrorKind.Unavailable, result.FirstError.Kind);
        Assert.Equal("Google Calendar is not answering right now. Nothing was created; please try again in a moment.", result.FirstError.Message);
        Assert.True(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Failed, meeting.Status);
        Assert.False(meeting.NeedsCleanup);
    }

    [Fact]
    public async Task Across_the_spring_forward_change_a_project_meeting_is_stored_in_utc_and_listed_for_its_people_only()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        var day = MeetingDates.NextLondonSpringForward();
        var command = new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "google-meet", Title, null,
            day.At(0, 30), day.At(2, 30), [DemoData.Carlos.Id]);
        var onProject = new ListContextMeetingsQuery(MeetingContextKind.Project, DemoData.NorthwindProjectId);
        var hiro = new TestCurrentUser(DemoData.Hiro.Id, null, false);

        var result = await App.SendAsync(command, TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal((day.UtcAt(0, 30), day.UtcAt(1, 30)), (meeting.StartUtc, meeting.EndUtc));
        var carlos = Assert.Single((await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Carlos)).Value.Meetings);
        Assert.Equal(day.UtcAt(0, 30), carlos.StartUtc);
        Assert.Equal(DemoData.Clara.FullName, carlos.OrganizerName);
        Assert.Single(await App.SendAsync(onProject, TestCurrentUser.Carlos));
        Assert.Single(await App.SendAsync(onProject, TestCurrentUser.Clara));
        Assert.Empty(await App.SendAsync(onProject, hiro));
        Assert.Empty((await App.SendAsync(new GetMyMeetingsQuery(), hiro)).Value.Meetings);
        Assert.Empty((await App.SendAsync(new GetMyMeetingsQuery(), TestCurrentUser.Erin)).Value.Meetings);
    }
}

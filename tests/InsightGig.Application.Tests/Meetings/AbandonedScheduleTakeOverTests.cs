using System.Globalization;
using InsightGig.Application.Integrations.DisconnectProvider;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// A schedule whose process died after the Zoom meeting was made and before the calendar step leaves the meeting
/// "being set up". Past its lease the sweep (or the resubmitted form) takes it over: it is completed with the Zoom meeting
/// already made and one event, or undone with nothing left at the providers. Within the lease it is left to its worker.
/// </summary>
public sealed class AbandonedScheduleTakeOverTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Past_its_lease_the_sweep_finds_it_and_completes_it_with_the_zoom_meeting_already_made_and_one_event()
    {
        var (meeting, zoom) = await AbandonedAsync(DateTimeOffset.UtcNow - Meeting.ProvisioningLease - TimeSpan.FromSeconds(1));

        Assert.Contains(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        Assert.Equal(ConvergeState.InStep, outcome.State);
        var taken = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((MeetingStatus.Scheduled, zoom.ProviderMeetingId, zoom.JoinUrl), (taken.Status, taken.ProviderMeetingId, taken.JoinUrl));
        Assert.Equal(zoom.ProviderMeetingId, Assert.Single(fixture.State.GetZoomMeetings()).Id.ToString(CultureInfo.InvariantCulture));
        var invite = Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal((meeting.CalendarEventId, "confirmed"), (invite.Id, invite.Status));
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
    }

    [Fact]
    public async Task Within_its_lease_it_is_left_to_the_worker_setting_it_up()
    {
        var (meeting, _) = await AbandonedAsync(DateTimeOffset.UtcNow);

        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        Assert.Equal(ConvergeState.RetryLater, outcome.State);
        Assert.InRange(outcome.RetryAfter!.Value, TimeSpan.FromSeconds(1), Meeting.ProvisioningLease);
        Assert.Equal(MeetingStatus.Scheduling, (await fixture.MeetingAsync(meeting.Id)).Status);
        Assert.Empty(fixture.State.GetCalendarEvents(DemoData.Clara.Email));
    }

    [Fact]
    public async Task One_that_cannot_be_completed_is_undone_with_nothing_left_at_the_providers_and_says_why()
    {
        var (meeting, zoom) = await AbandonedAsync(DateTimeOffset.UtcNow - Meeting.ProvisioningLease - TimeSpan.FromSeconds(1));
        Assert.True((await fixture.SendAsync(new DisconnectProviderCommand(GoogleProvider.Key), Clara)).IsSuccess);

        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        Assert.Equal(ConvergeState.InStep, outcome.State);
        var undone = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(MeetingStatus.Failed, undone.Status);
        Assert.Null(undone.ProviderMeetingId);
        Assert.Equal("Link your Google Calendar account to schedule this meeting. Nothing was created.", undone.FailureReason);
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true), m => m.Id.ToString(CultureInfo.InvariantCulture) == zoom.ProviderMeetingId).Deleted);
        Assert.DoesNotContain(fixture.State.GetCalendarEvents(DemoData.Clara.Email), e => e.Status != "cancelled");
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
    }

    [Fact]
    public async Task Resubmitting_its_form_past_the_lease_takes_it_over_instead_of_answering_still_working()
    {
        var (meeting, _) = await AbandonedAsync(DateTimeOffset.UtcNow - Meeting.ProvisioningLease - TimeSpan.FromSeconds(1));
        var start = meeting.StartUtc.UtcDateTime;

        var again = await fixture.SendAsync(new ScheduleMeetingCommand(meeting.Id, MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", meeting.Title, null,
            start, start.AddMinutes(30), [DemoData.Hiro.Id]), Clara);

        Assert.True(again.IsSuccess, again.IsFailure ? again.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, again.Value.Status);
        Assert.Equal(MeetingStatus.Scheduled, (await fixture.MeetingAsync(meeting.Id)).Status);
        Assert.Single(fixture.State.GetZoomMeetings());
        Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email));
    }

    /// <summary>
    /// A Zoom meeting made at the provider, and the meeting saved "being set up" with its id, created at
    /// <paramref name="createdAtUtc"/>: what a process killed between the Zoom step and the calendar step leaves behind.
    /// </summary>
    private async Task<(Meeting Meeting, VideoMeetingDetails Zoom)> AbandonedAsync(DateTimeOffset createdAtUtc)
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(10);
        VideoMeetingDetails zoom;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var video = scope.ServiceProvider.GetServices<IVideoMeetingProvider>().Single(v => v.Key == ZoomProvider.Key);
            var created = await video.CreateMeetingAsync(DemoData.Clara.Id, new VideoMeetingRequest("Abandoned", "", start, TimeSpan.FromMinutes(30), "Europe/London"),
                TestContext.Current.CancellationToken);
            Assert.True(created.IsSuccess, created.Failure?.Message);
            zoom = created.Value!;
        }

        var calendarConnectionId = await fixture.WithDbContextAsync(db => db.ProviderConnections
            .Where(c => c.PersonId == DemoData.Clara.Id && c.Provider == GoogleProvider.Key).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken));
        var meeting = Meeting.Schedule(Guid.NewGuid(), DemoData.Clara.Id, MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, ZoomProvider.PlatformKey, "Abandoned", null,
            start, start.AddMinutes(30), "Europe/London", [(DemoData.Hiro.Id, DemoData.Hiro.Email, DemoData.Hiro.FullName)], createdAtUtc, calendarConnectionId).Value;
        meeting.RecordVideoMeeting(zoom.ProviderMeetingId, zoom.JoinUrl);
        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return (meeting, zoom);
    }
}

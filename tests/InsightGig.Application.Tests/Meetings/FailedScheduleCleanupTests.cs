using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// A failed meeting saved before its video meeting's undo became a <see cref="ProviderUndo"/> still names that video
/// meeting (<see cref="Meeting.NeedsCleanup"/>): the sweep finds it and the converger hands it to the undo mechanism, which
/// deletes it now or, while the provider does not answer, with back-off and a give-up; so nothing stays orphaned at the
/// provider and the meeting leaves the sweep's list either way.
/// </summary>
public sealed class FailedScheduleCleanupTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_zoom_meeting_left_by_a_failed_schedule_is_found_by_the_sweep_and_deleted()
    {
        var meeting = await FailedStillNamingItsZoomMeetingAsync("Orphan");
        var zoomMeetingId = meeting.ProviderMeetingId;

        var outOfStep = await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara);
        Assert.Contains(meeting.Id, outOfStep);

        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.Null((await fixture.MeetingAsync(meeting.Id)).ProviderMeetingId);
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true), m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == zoomMeetingId).Deleted);
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
    }

    [Fact]
    public async Task A_zoom_meeting_left_by_a_failed_schedule_while_zoom_does_not_answer_is_handed_to_the_undo_job_and_leaves_the_sweep()
    {
        var meeting = await FailedStillNamingItsZoomMeetingAsync("Orphan, Zoom down");
        var zoomMeetingId = meeting.ProviderMeetingId;
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Method = "DELETE", Status = 503 });

        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        // Nothing for the meetings sweep to retry: the undo is owed, with its back-off and give-up.
        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.Null((await fixture.MeetingAsync(meeting.Id)).ProviderMeetingId);
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
        var owed = Assert.Single(await fixture.WithDbContextAsync(db => db.ProviderUndos.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal((ProviderUndoKind.VideoMeeting, zoomMeetingId, 1), (owed.Kind, owed.ItemId, owed.Attempts));
        Assert.False(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);

        fixture.State.ClearFaults();
        await fixture.WithDbContextAsync(db => db.ProviderUndos.ExecuteUpdateAsync(u => u.SetProperty(x => x.NextAttemptAtUtc, DateTimeOffset.UtcNow.AddSeconds(-1)), TestContext.Current.CancellationToken));
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(TimeSpan.FromDays(3)), Clara));
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);
    }

    /// <summary>A failed meeting saved as an older build left it: its Zoom meeting (real, in the sandbox) still named on it.</summary>
    private async Task<Meeting> FailedStillNamingItsZoomMeetingAsync(string title)
    {
        var meeting = await fixture.MeetingAfterTheZoomStepAsync(title, DateTimeOffset.UtcNow);
        meeting.MarkFailed("Google Calendar is not answering right now.");
        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return meeting;
    }
}

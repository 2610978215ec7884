using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// A schedule whose calendar step failed and whose Zoom undo failed too keeps the Zoom meeting's id; the sweep finds it
/// and the converger deletes that Zoom meeting, so nothing stays orphaned at the provider.
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
        var meeting = await fixture.MeetingAfterTheZoomStepAsync("Orphan", DateTimeOffset.UtcNow);
        var zoomMeetingId = meeting.ProviderMeetingId;
        meeting.MarkFailed("Google Calendar is not answering right now.");
        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var outOfStep = await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara);
        Assert.Contains(meeting.Id, outOfStep);

        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id), Clara);

        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.Null((await fixture.MeetingAsync(meeting.Id)).ProviderMeetingId);
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true), m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == zoomMeetingId).Deleted);
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
    }
}

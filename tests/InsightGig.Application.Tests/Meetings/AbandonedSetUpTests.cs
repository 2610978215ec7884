using System.Globalization;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// The set-up lease: a meeting left "being set up" by a request that died is taken over by the sweep once the lease ran
/// out, never while it is live, and by one worker only. (The crash itself, with a killed process, is in
/// <c>InsightGig.Integration.Tests</c>' CrashRecoveryTests.)
/// </summary>
public sealed class AbandonedSetUpTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_set_up_within_its_lease_is_left_alone_and_after_it_is_completed_with_its_zoom_meeting()
    {
        var meeting = await LeftAfterTheZoomStepAsync(DateTimeOffset.UtcNow);
        var leaseStillLive = DateTimeOffset.UtcNow.AddMinutes(-10);

        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(SetUpStartedBefore: leaseStillLive), Clara));
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));
        await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id, leaseStillLive), Clara);
        Assert.Equal(MeetingStatus.Scheduling, (await fixture.MeetingAsync(meeting.Id)).Status);
        Assert.Empty(fixture.State.GetCalendarEvents(DemoData.Clara.Email));

        var leaseRanOut = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.Contains(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(SetUpStartedBefore: leaseRanOut), Clara));
        var outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id, leaseRanOut), Clara);

        Assert.Equal(ConvergeState.InStep, outcome.State);
        var completed = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(MeetingStatus.Scheduled, completed.Status);
        Assert.Null(completed.SetUpStartedAtUtc);
        Assert.Equal(meeting.JoinUrl, completed.JoinUrl);
        Assert.Equal(meeting.ProviderMeetingId, Assert.Single(fixture.State.GetZoomMeetings()).Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(meeting.CalendarEventId, Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email)).Id);
    }

    [Fact]
    public async Task Of_two_workers_taking_over_one_set_up_only_the_first_can_save()
    {
        var meeting = await LeftAfterTheZoomStepAsync(DateTimeOffset.UtcNow.AddHours(-1));
        await using var first = fixture.Services.CreateAsyncScope();
        await using var second = fixture.Services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>();
        var mine = await firstDb.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        var theirs = await secondDb.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);

        mine.TakeOverSetUp(DateTimeOffset.UtcNow);
        await firstDb.SaveChangesAsync(MeetingsAppFixture.Ct);
        theirs.TakeOverSetUp(DateTimeOffset.UtcNow.AddSeconds(1));

        // The same fence stops the request that outlived its lease from saving over the worker that took over.
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDb.SaveChangesAsync(MeetingsAppFixture.Ct));
    }

    /// <summary>A meeting whose request died after Zoom made the meeting (recorded) and before the calendar step.</summary>
    private async Task<Meeting> LeftAfterTheZoomStepAsync(DateTimeOffset setUpStartedAtUtc)
    {
        var meeting = await fixture.MeetingAfterTheZoomStepAsync("Interrupted", setUpStartedAtUtc);
        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        return meeting;
    }
}

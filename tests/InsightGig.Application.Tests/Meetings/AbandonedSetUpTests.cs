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

    [Fact]
    public async Task A_worker_stalled_past_its_lease_deletes_the_event_it_made_after_the_taker_failed_the_meeting()
    {
        var meeting = await LeftAfterTheZoomStepAsync(DateTimeOffset.UtcNow);
        await using var stalledScope = fixture.Services.CreateAsyncScope();
        var stalledDb = stalledScope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>();
        var held = await stalledDb.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        // The stalled worker's calendar insert takes a while to land (within this fixture's 1 s attempt timeout).
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, LatencyMs = 700 });

        var stalled = stalledScope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, "google", MeetingsAppFixture.Ct);
        // Meanwhile the lease ran out and another worker took the set-up over, gave up and undid its side (the Zoom meeting).
        await fixture.WithDbContextAsync(async db =>
        {
            var taken = await db.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
            taken.TakeOverSetUp(DateTimeOffset.UtcNow);
            taken.MarkFailed("Setting up this meeting was interrupted. Nothing was scheduled; please schedule it again.");
            db.ProviderUndos.Add(taken.GiveBackVideoMeeting("zoom", DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        var outcome = await stalled;

        Assert.Equal(ConvergeState.RetryLater, outcome.State); // its save lost to the taker
        Assert.Equal(MeetingStatus.Failed, (await fixture.MeetingAsync(meeting.Id)).Status);
        var made = Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email)); // the insert landed after the taker gave up...
        Assert.Equal("cancelled", made.Status); // ...and was given back: no invite for a failed meeting
    }

    [Fact]
    public async Task A_worker_stalled_past_its_lease_keeps_the_video_meeting_the_taker_adopted()
    {
        var start = DateTimeOffset.UtcNow.AddDays(3);
        var meeting = Meeting.Schedule(Guid.NewGuid(), DemoData.Clara.Id, MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", "Stalled create", null,
            start, start.AddMinutes(30), "Europe/London", [(DemoData.Hiro.Id, DemoData.Hiro.Email, DemoData.Hiro.FullName)], DateTimeOffset.UtcNow).Value;
        await fixture.WithDbContextAsync(async db =>
        {
            db.Meetings.Add(meeting);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        await using var stalledScope = fixture.Services.CreateAsyncScope();
        var held = await stalledScope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>().Meetings
            .SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, LatencyMs = 700 });

        var stalled = stalledScope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, "google", MeetingsAppFixture.Ct);
        // Another worker takes the set-up over while the stalled create is on its way; it finds the Zoom meeting once it exists
        // (by its tag) and adopts it, after the stalled worker already lost its save.
        await fixture.WithDbContextAsync(async db =>
        {
            (await db.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct)).TakeOverSetUp(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        while (!fixture.State.GetZoomMeetings().Any())
        {
            if (stalled.IsCompleted)
            {
                Assert.Fail($"the stalled worker ended before Zoom made the meeting: {await stalled}");
            }

            await Task.Delay(50, MeetingsAppFixture.Ct);
        }

        await Task.Delay(1000, MeetingsAppFixture.Ct); // the stalled worker has its answer and has lost its save by now
        fixture.State.ClearFaults();
        await using var takerScope = fixture.Services.CreateAsyncScope();
        await fixture.WithDbContextAsync(async db =>
        {
            var taken = await db.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
            var found = await takerScope.ServiceProvider.GetServices<Application.Integrations.Ports.IVideoMeetingProvider>()
                .Single(v => v.Key == "zoom").FindMeetingMadeForAsync(DemoData.Clara.Id, new(taken.Title, taken.Description, taken.StartUtc, taken.Duration, taken.TimeZoneId, taken.Id), MeetingsAppFixture.Ct);
            taken.RecordVideoMeeting(found.Value!.ProviderMeetingId, found.Value.JoinUrl);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        var outcome = await stalled;

        Assert.Equal(ConvergeState.RetryLater, outcome.State);
        var adopted = (await fixture.MeetingAsync(meeting.Id)).ProviderMeetingId;
        Assert.Equal(adopted, Assert.Single(fixture.State.GetZoomMeetings()).Id.ToString(CultureInfo.InvariantCulture)); // not deleted under the taker
    }

    [Fact]
    public async Task A_worker_stalled_past_its_lease_whose_calendar_step_fails_keeps_the_video_meeting_the_taker_uses()
    {
        var meeting = await LeftAfterTheZoomStepAsync(DateTimeOffset.UtcNow);
        var zoomMeetingId = meeting.ProviderMeetingId;
        await using var stalledScope = fixture.Services.CreateAsyncScope();
        var held = await stalledScope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>().Meetings
            .SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        // The stalled worker's calendar insert is slow and then fails (every try, until the fault is cleared).
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, LatencyMs = 700, Status = 503 });

        var stalled = stalledScope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, "google", MeetingsAppFixture.Ct);
        // Meanwhile its lease ran out and another worker took the set-up over, with the Zoom meeting the stalled worker saved.
        await fixture.WithDbContextAsync(async db =>
        {
            (await db.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct)).TakeOverSetUp(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        var outcome = await stalled;

        // It learnt that it lost the meeting before undoing anything: the Zoom meeting the taker holds is still there.
        Assert.Equal(ConvergeState.RetryLater, outcome.State);
        var taken = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((MeetingStatus.Scheduling, zoomMeetingId), (taken.Status, taken.ProviderMeetingId));
        Assert.False(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);

        // The taker (the real engine, once its own lease ran out too) completes the meeting with that Zoom meeting.
        fixture.State.ClearFaults();
        await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id, DateTimeOffset.UtcNow.AddSeconds(1)), Clara);
        var completed = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((MeetingStatus.Scheduled, zoomMeetingId), (completed.Status, completed.ProviderMeetingId));
        Assert.Equal(zoomMeetingId, Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true), z => !z.Deleted).Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(completed.CalendarEventId, Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email), e => e.Status != "cancelled").Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_set_up_whose_outlook_create_fails_after_outlook_made_the_event_deletes_that_event(bool takenOver)
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Microsoft); // Outlook is her calendar
        var meeting = await LeftAfterTheZoomStepAsync(takenOver ? DateTimeOffset.UtcNow.AddHours(-1) : DateTimeOffset.UtcNow);
        // Outlook makes the event and answers 503, to the create and to each of its retries (1 + 3): the worker never learns its id.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, FailAfterHandling = true, FailNext = 4 });

        ConvergeOutcome outcome;
        if (takenOver)
        {
            // The sweep takes the abandoned set-up over (its lease ran out) and makes the event itself.
            outcome = await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id, DateTimeOffset.UtcNow), Clara);
        }
        else
        {
            // The request that holds the lease makes the event.
            await using var scope = fixture.Services.CreateAsyncScope();
            var held = await scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>().Meetings
                .SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
            outcome = await scope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, "microsoft", MeetingsAppFixture.Ct);
        }

        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.Equal([503, 503, 503, 503], fixture.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/me/events", StringComparison.Ordinal)).Select(r => r.Status));
        var failed = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal((MeetingStatus.Failed, (string?)null), (failed.Status, failed.ProviderMeetingId));
        // The one event Outlook made (with our id as its transactionId, never as its id) was found and deleted: no invite stays.
        var made = Assert.Single(fixture.State.GetOutlookEvents(DemoData.Clara.Email));
        Assert.Equal(Meeting.CalendarEventIdFor(meeting.Id), made.TransactionId);
        Assert.NotEqual(made.TransactionId, made.Id);
        Assert.True(made.Removed);
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);
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

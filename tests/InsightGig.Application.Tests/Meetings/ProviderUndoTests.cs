using System.Globalization;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// What a failed set-up could not give back at the time (the provider not answering when the undo asked) is saved as a
/// <see cref="ProviderUndo"/> and given back by the background job once the provider answers again, with back-off between
/// tries and a bounded time before it gives up; a try repeated after a crash finds it gone and is done.
/// </summary>
public sealed class ProviderUndoTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.WithDbContextAsync(db => db.ProviderUndos.ExecuteDeleteAsync(MeetingsAppFixture.Ct));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_outlook_event_the_undo_could_not_look_for_is_deleted_by_the_job_once_outlook_answers_again()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Microsoft); // Outlook is her calendar
        var meeting = await SavedAsync(await fixture.MeetingAfterTheZoomStepAsync("Undo later", DateTimeOffset.UtcNow));
        // Outlook makes the event and answers 503 to everything, the undo's search among her events included.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, FailAfterHandling = true });

        var outcome = await CreateAsync(meeting, "microsoft");

        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.Equal(MeetingStatus.Failed, (await fixture.MeetingAsync(meeting.Id)).Status);
        var left = Assert.Single(fixture.State.GetOutlookEvents(DemoData.Clara.Email));
        Assert.False(left.Removed); // the calendar could not be asked: the event is still there...
        var owed = Assert.Single(await UndosAsync());
        Assert.Equal((ProviderUndoKind.CalendarEvent, "microsoft", (string?)null, 1), (owed.Kind, owed.Provider, owed.ItemId, owed.Attempts)); // ...and owed
        Assert.True(owed.NextAttemptAtUtc > DateTimeOffset.UtcNow);

        // Not due yet: the job leaves it alone.
        Assert.Equal(new UndoAtProvidersOutcome(0, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));

        // Due, Outlook still failing: tried, and the next try waits longer.
        await MakeDueAsync();
        Assert.Equal(new UndoAtProvidersOutcome(0, 1, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        var waiting = Assert.Single(await UndosAsync());
        Assert.Equal(2, waiting.Attempts);
        Assert.True(waiting.NextAttemptAtUtc > DateTimeOffset.UtcNow + ProviderUndo.FirstBackoff);
        Assert.False(Assert.Single(fixture.State.GetOutlookEvents(DemoData.Clara.Email)).Removed);

        // Outlook answers again: the job finds the event made for the meeting and deletes it.
        fixture.State.ClearFaults();
        await MakeDueAsync();
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        var removed = Assert.Single(fixture.State.GetOutlookEvents(DemoData.Clara.Email));
        Assert.True(removed.Removed);
        Assert.Equal(Meeting.CalendarEventIdFor(meeting.Id), removed.TransactionId);
        Assert.Empty(await UndosAsync());

        // A process killed after the delete and before the row's removal leaves the row: the next run deletes again, harmlessly.
        await fixture.WithDbContextAsync(db =>
        {
            db.ProviderUndos.Add(ProviderUndo.CalendarEvent(meeting.Id, DemoData.Clara.Id, "microsoft", removed.Id, DateTimeOffset.UtcNow.AddMinutes(-2)));
            return db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        Assert.Empty(await UndosAsync());
        Assert.True(Assert.Single(fixture.State.GetOutlookEvents(DemoData.Clara.Email)).Removed);
    }

    [Fact]
    public async Task A_google_event_whose_delete_failed_is_deleted_by_the_job_and_a_repeat_after_a_crash_finds_it_gone()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var meeting = await SavedAsync(await fixture.MeetingAfterTheZoomStepAsync("Undo later", DateTimeOffset.UtcNow.AddHours(-1)));
        // Taken over: the calendar makes the event and answers 503 to it and to everything after, the undo's delete included.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, FailAfterHandling = true });

        await fixture.SendAsync(new ConvergeMeetingCommand(meeting.Id, DateTimeOffset.UtcNow), Clara);

        Assert.Equal(MeetingStatus.Failed, (await fixture.MeetingAsync(meeting.Id)).Status);
        Assert.NotEqual("cancelled", Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email)).Status);
        Assert.Single(await UndosAsync());

        fixture.State.ClearFaults();
        await MakeDueAsync();
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        Assert.Equal("cancelled", Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email)).Status);

        // The same row again, as if the process died before removing it: the delete is repeated and accepted.
        await fixture.WithDbContextAsync(db =>
        {
            db.ProviderUndos.Add(ProviderUndo.CalendarEvent(meeting.Id, DemoData.Clara.Id, "google", meeting.CalendarEventId!, DateTimeOffset.UtcNow.AddMinutes(-2)));
            return db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        Assert.Empty(await UndosAsync());
    }

    [Fact]
    public async Task A_zoom_meeting_a_stalled_worker_could_not_give_back_is_deleted_by_the_job_once_zoom_answers_again()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var start = DateTimeOffset.UtcNow.AddDays(3);
        var meeting = await SavedAsync(Meeting.Schedule(Guid.NewGuid(), DemoData.Clara.Id, MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", "Stalled create", null,
            start, start.AddMinutes(30), "Europe/London", [(DemoData.Hiro.Id, DemoData.Hiro.Email, DemoData.Hiro.FullName)], DateTimeOffset.UtcNow).Value);
        await using var stalledScope = fixture.Services.CreateAsyncScope();
        // The stalled worker read the meeting before another worker took the set-up over and failed it (no Zoom meeting yet).
        var held = await stalledScope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>().Meetings
            .SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        await fixture.WithDbContextAsync(async db =>
        {
            var taken = await db.Meetings.SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
            taken.TakeOverSetUp(DateTimeOffset.UtcNow);
            taken.MarkFailed("Setting up this meeting was interrupted before Zoom confirmed it. Nothing was scheduled; please schedule it again.");
            return await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        // Zoom makes meetings but cannot delete them, so the stalled worker's give-back fails.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Method = "DELETE", Status = 503 });

        // The stalled worker goes on: its Zoom create succeeds, its save finds the set-up taken over, and it gives the meeting back.
        var stalled = await stalledScope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, "google", MeetingsAppFixture.Ct);
        Assert.Equal(ConvergeState.RetryLater, stalled.State);

        var made = Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true));
        Assert.False(made.Deleted);
        var owed = Assert.Single(await UndosAsync());
        Assert.Equal((ProviderUndoKind.VideoMeeting, "zoom", made.Id.ToString(CultureInfo.InvariantCulture)), (owed.Kind, owed.Provider, owed.ItemId));

        await TheJobGivesItBackOnceZoomAnswersAsync();
    }

    [Fact]
    public async Task A_failed_meetings_own_zoom_meeting_whose_delete_failed_is_owed_and_deleted_by_the_job_once_zoom_answers_again()
    {
        var meeting = await PastTheZoomStepWithTheCalendarRefusingItsInsertAsync("Own video");
        // And Zoom cannot delete the meeting the set-up made.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Method = "DELETE", Status = 503 });

        var outcome = await CreateAsync(meeting, "google");

        Assert.Equal(ConvergeState.InStep, outcome.State);
        Assert.NotNull(outcome.Failure);
        var failed = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(MeetingStatus.Failed, failed.Status);
        var zoom = Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true));
        Assert.False(zoom.Deleted);
        // Owed as an undo, like every other give-back (back-off, give-up): the meeting names it no more, so the meetings
        // sweep has nothing to retry on it.
        var owed = Assert.Single(await UndosAsync());
        Assert.Equal((ProviderUndoKind.VideoMeeting, "zoom", zoom.Id.ToString(CultureInfo.InvariantCulture), 1), (owed.Kind, owed.Provider, owed.ItemId, owed.Attempts));
        Assert.Null(failed.ProviderMeetingId);
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));

        // Due, Zoom still failing: tried, and the next try waits longer.
        await MakeDueAsync();
        Assert.Equal(new UndoAtProvidersOutcome(0, 1, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        Assert.Equal(2, Assert.Single(await UndosAsync()).Attempts);

        await TheJobGivesItBackOnceZoomAnswersAsync();
    }

    [Fact]
    public async Task A_crash_between_the_delete_of_a_failed_meetings_own_zoom_meeting_and_its_record_leaves_it_owed_and_the_repeat_is_harmless()
    {
        var meeting = await PastTheZoomStepWithTheCalendarRefusingItsInsertAsync("Crash after the delete");
        // The process dies at the first save after Zoom deleted the meeting: the one that records the delete.
        fixture.Crash.Arm(_ => fixture.State.ProviderApiCalls().Contains("DELETE zoom"));

        await Assert.ThrowsAsync<SimulatedCrashException>(() => CreateAsync(meeting, "google"));

        Assert.Equal(1, fixture.Crash.Crashed);
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);
        var failed = await fixture.MeetingAsync(meeting.Id);
        Assert.Equal(MeetingStatus.Failed, failed.Status);
        // The failure was saved with the undo before the delete, so the undo is still owed...
        Assert.Equal(ProviderUndoKind.VideoMeeting, Assert.Single(await UndosAsync()).Kind);
        Assert.Null(failed.ProviderMeetingId);
        Assert.DoesNotContain(meeting.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), Clara));

        // ...and the job's repeat finds it already gone ("already gone" is a delete done) and forgets it.
        await TheJobGivesItBackOnceZoomAnswersAsync();
        Assert.Equal(2, fixture.State.ProviderApiCalls().Count(c => c == "DELETE zoom"));
    }

    [Fact]
    public async Task A_video_meeting_the_meeting_as_saved_uses_is_never_deleted_by_the_job()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var meeting = await SavedAsync(await fixture.MeetingAfterTheZoomStepAsync("Adopted", DateTimeOffset.UtcNow));
        await fixture.WithDbContextAsync(db =>
        {
            db.ProviderUndos.Add(ProviderUndo.VideoMeeting(meeting.Id, DemoData.Clara.Id, "zoom", meeting.ProviderMeetingId!, DateTimeOffset.UtcNow.AddMinutes(-2)));
            return db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });

        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));

        Assert.False(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Empty(await UndosAsync());
    }

    [Fact]
    public async Task An_undo_still_failing_after_the_give_up_time_is_dropped_without_another_try()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var meeting = await SavedAsync(await fixture.MeetingAfterTheZoomStepAsync("Given up", DateTimeOffset.UtcNow));
        await fixture.WithDbContextAsync(db =>
        {
            db.ProviderUndos.Add(ProviderUndo.CalendarEvent(meeting.Id, DemoData.Clara.Id, "google", meeting.CalendarEventId!, DateTimeOffset.UtcNow - GiveUpAfter - TimeSpan.FromMinutes(1)));
            return db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        var requestsBefore = fixture.State.GetRequestLog().Count;

        Assert.Equal(new UndoAtProvidersOutcome(0, 0, 1), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));

        Assert.Empty(await UndosAsync());
        Assert.Equal(requestsBefore, fixture.State.GetRequestLog().Count);
    }

    private async Task<Meeting> SavedAsync(Meeting meeting)
    {
        await fixture.WithDbContextAsync(db =>
        {
            db.Meetings.Add(meeting);
            return db.SaveChangesAsync(MeetingsAppFixture.Ct);
        });
        return meeting;
    }

    /// <summary>The request that holds the set-up lease runs it (the converger as the schedule use case calls it).</summary>
    private async Task<ConvergeOutcome> CreateAsync(Meeting meeting, string calendarProvider)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var held = await scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ApplicationDbContext>().Meetings
            .SingleAsync(m => m.Id == meeting.Id, MeetingsAppFixture.Ct);
        return await scope.ServiceProvider.GetRequiredService<MeetingConverger>().CreateAsync(held, calendarProvider, MeetingsAppFixture.Ct);
    }

    /// <summary>A set-up of Clara's (Zoom, Google) saved past its Zoom step, whose calendar insert will fail (503, nothing made) until the faults are cleared.</summary>
    private async Task<Meeting> PastTheZoomStepWithTheCalendarRefusingItsInsertAsync(string title)
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var meeting = await SavedAsync(await fixture.MeetingAfterTheZoomStepAsync(title, DateTimeOffset.UtcNow));
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Method = "POST", Status = 503 });
        return meeting;
    }

    /// <summary>The providers answer again and the undo's back-off ran out: the job gives the one Zoom meeting back and forgets the row.</summary>
    private async Task TheJobGivesItBackOnceZoomAnswersAsync()
    {
        fixture.State.ClearFaults();
        await MakeDueAsync();
        Assert.Equal(new UndoAtProvidersOutcome(1, 0, 0), await fixture.SendAsync(new UndoAtProvidersCommand(GiveUpAfter), Clara));
        Assert.True(Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Empty(await UndosAsync());
    }

    private Task<List<ProviderUndo>> UndosAsync() => fixture.WithDbContextAsync(db => db.ProviderUndos.AsNoTracking().ToListAsync(MeetingsAppFixture.Ct));

    /// <summary>The back-off ran out: every undo is due now.</summary>
    private Task<int> MakeDueAsync() => fixture.WithDbContextAsync(db =>
        db.ProviderUndos.ExecuteUpdateAsync(s => s.SetProperty(u => u.NextAttemptAtUtc, DateTimeOffset.UtcNow.AddSeconds(-1)), MeetingsAppFixture.Ct));
}

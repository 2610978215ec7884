using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// How often a save scans every tracked entity for changes (EF Core's <c>DetectChanges</c>, raised as
/// <c>ChangeTracker.DetectingAllChanges</c>): once, by the first save hook; the hooks (reminders, calendar sync states)
/// detect what they change themselves and EF Core's own scan is skipped. "Create meeting" tracks the meeting, its
/// participants and their reminders through three saves; 28 scans were 9 % of its CPU (sched3), 10 were 18 % of its
/// allocations (docs/performance.md, sched4).
/// </summary>
public sealed class SaveChangeScanTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Create_meeting_and_a_move_scan_the_tracker_once_a_save_and_the_reminders_still_follow_the_meeting()
    {
        var created = await CountScansAsync<Result<ScheduledMeeting>>(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project,
            DemoData.NorthwindProjectId, "zoom", "Scan count", null, Day.At(15), Day.At(16), [DemoData.Carlos.Id, DemoData.Erin.Id, DemoData.Hiro.Id]));
        Assert.True(created.Answer.IsSuccess, created.Answer.IsFailure ? created.Answer.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, created.Answer.Value.Status);

        var meetingId = created.Answer.Value.Id;
        var moved = await CountScansAsync<Result<MeetingChanged>>(new RescheduleMeetingCommand(meetingId, 0, Day.At(17), Day.At(18)));
        Assert.True(moved.Answer.IsSuccess, moved.Answer.IsFailure ? moved.Answer.FirstError.Message : null);

        // The saves the use cases make (insert, Zoom meeting, event; the move's own) and the scans: the first hook's, and
        // nothing after (the plans detect the reminders and sync states they change). Before: 10 in a create's 3 saves, each
        // hook one, plus one after a plan that changed tracked rows, plus EF Core's own before it writes.
        var counts = $"create: {created.Scans} scans in {created.Saves} saves; move: {moved.Scans} scans in {moved.Saves} saves";
        TestContext.Current.TestOutputHelper?.WriteLine(counts);
        Assert.Equal(3, created.Saves);
        Assert.Equal(created.Saves, created.Scans);
        Assert.InRange(moved.Saves, 1, 4);
        Assert.Equal(moved.Saves, moved.Scans);

        // The reminders (organizer and three invited, two offsets) are weeks away, beyond the planning horizon: neither the
        // create nor the move wrote one (eight before); the send loop's planning step writes them near their time.
        var reminders = await fixture.WithDbContextAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.AboutId == meetingId).ToListAsync(MeetingsAppFixture.Ct));
        Assert.Empty(reminders);
    }

    [Fact]
    public async Task Create_meeting_of_a_meeting_beyond_the_planning_horizon_writes_and_tracks_no_reminder()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(TestCurrentUser.Clara);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var remindersTrackedAtEachSave = new List<int>();
        var rowsAddedAtEachSave = new List<int>();
        db.SavingChanges += (_, _) =>
        {
            remindersTrackedAtEachSave.Add(db.ChangeTracker.Entries<Notification>().Count());
            rowsAddedAtEachSave.Add(db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added));
        };

        var created = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project,
            DemoData.NorthwindProjectId, "zoom", "Reminders untracked", null, Day.At(11), Day.At(12), [DemoData.Carlos.Id, DemoData.Erin.Id, DemoData.Hiro.Id]),
            MeetingsAppFixture.Ct);
        Assert.True(created.IsSuccess, created.IsFailure ? created.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, created.Value.Status);

        // No save tracks a reminder (8 and 8 in the Zoom step's and the event's saves before cpu5; before rem6 the insert's
        // save added eight): the meeting is weeks away, so its reminders are planned near their time, not written here.
        // Rows added at each save: the meeting and its three participants (twelve with the reminders before), nothing with the
        // Zoom step, one with the last save (the history's "Scheduled").
        Assert.Equal([0, 0, 0], remindersTrackedAtEachSave);
        Assert.Equal([4, 0, 1], rowsAddedAtEachSave);
        Assert.Empty(db.ChangeTracker.Entries<Notification>());
        var reminders = await fixture.WithDbContextAsync(read => read.Notifications.AsNoTracking()
            .Where(n => n.AboutId == created.Value.Id).ToListAsync(MeetingsAppFixture.Ct));
        Assert.Empty(reminders);
    }

    [Fact]
    public async Task A_save_gives_automatic_detection_back_when_it_ends_even_failed_so_a_later_change_is_still_saved()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero); // whole seconds: SQLite keeps no ticks
        var first = Notification.Create(Guid.NewGuid(), "scan-test", "scan-test-" + Guid.NewGuid(), DemoData.Clara.Id, Guid.NewGuid(), now.AddDays(1), now);
        db.Notifications.Add(first);
        await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);

        // A change to a tracked row, with nothing told, is found and saved by the next save.
        first.MoveTo(now.AddDays(2));
        await db.SaveChangesAsync(MeetingsAppFixture.Ct);

        // A save that fails (the same key twice) gives it back too.
        var clash = Notification.Create(first.Id, "scan-test", "scan-test-" + Guid.NewGuid(), DemoData.Clara.Id, Guid.NewGuid(), now.AddDays(1), now);
        await using (var other = fixture.Services.CreateAsyncScope())
        {
            var otherDb = other.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            otherDb.Notifications.Add(clash);
            await Assert.ThrowsAsync<DbUpdateException>(() => otherDb.SaveChangesAsync(MeetingsAppFixture.Ct));
            Assert.True(otherDb.ChangeTracker.AutoDetectChangesEnabled);
        }

        // And a caller that turned it off keeps it off.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.SaveChangesAsync(MeetingsAppFixture.Ct);
        Assert.False(db.ChangeTracker.AutoDetectChangesEnabled);

        var stored = await fixture.WithDbContextAsync(read => read.Notifications.AsNoTracking().SingleAsync(n => n.Id == first.Id, MeetingsAppFixture.Ct));
        Assert.Equal(now.AddDays(2), stored.NextAttemptAtUtc);
    }

    /// <summary>Sends <paramref name="command"/> as Clara in a scope of its own, counting its context's saves and full change scans.</summary>
    private async Task<(T Answer, int Saves, int Scans)> CountScansAsync<T>(ICommand<T> command)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(TestCurrentUser.Clara);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var saves = 0;
        var scans = 0;
        db.SavingChanges += (_, _) => saves++;
        db.ChangeTracker.DetectingAllChanges += (_, _) => scans++;
        var answer = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, MeetingsAppFixture.Ct);
        return (answer, saves, scans);
    }
}

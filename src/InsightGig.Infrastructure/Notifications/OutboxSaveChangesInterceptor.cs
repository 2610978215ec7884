using System.Runtime.CompilerServices;
using InsightGig.Application.Notifications.Outbox;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>
/// The outbox's hook in every save: before the save, the notifications the pending changes cause (a meeting scheduled,
/// moved, cancelled or re-peopled; a connection lost) are added to it, so they commit or roll back with the change; after
/// the commit, each new or moved one is handed to the background jobs for its due time, and those it added stop being
/// tracked: they are committed, nothing later in the unit of work changes them (a later plan reads a meeting's reminders
/// from the database), and each tracked one costs every later save of the context a look (a create tracked its eight
/// reminders through its two saves after the first; docs/performance.md, cpu5).
/// </summary>
internal sealed partial class OutboxSaveChangesInterceptor(NotificationOutbox outbox, INotificationDispatcher dispatcher, ILogger<OutboxSaveChangesInterceptor> logger)
    : PlanningSaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Planned> _toDispatch = new();

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Dispatch(eventData?.Context);
        return base.SavedChangesAsync(eventData!, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Dispatch(eventData?.Context);
        return base.SavedChanges(eventData!, result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData?.Context);
        return base.SaveChangesFailedAsync(eventData!, cancellationToken);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Forget(eventData?.Context);
        base.SaveChangesFailed(eventData!);
    }

    protected override async Task PlanAsync(ApplicationDbContext context, CancellationToken cancellationToken)
    {
        var tracker = context.ChangeTracker;
        var meetings = new List<(Meeting, bool)>();
        foreach (var entry in tracker.Entries<Meeting>())
        {
            var isNew = entry.State == EntityState.Added;
            var changed = isNew || (entry.State == EntityState.Modified
                && (entry.Property(m => m.StartUtc).IsModified || Ended(entry) || PeopleChanged(tracker, entry.Entity.Id)));
            if (changed)
            {
                meetings.Add((entry.Entity, isNew));
            }
        }

        var events = new List<object>();
        foreach (var entry in tracker.Entries<IHasDomainEvents>().ToList())
        {
            events.AddRange(entry.Entity.DomainEvents);
            entry.Entity.ClearDomainEvents();
        }

        IReadOnlyList<Notification> added = [];
        if (meetings.Count > 0 || events.Count > 0)
        {
            added = await outbox.PlanAsync(context, meetings, events, cancellationToken);
            // The plan changes notifications only (moved, skipped, added): those are detected, not the whole tracker again.
            DetectChangesOf<Notification>(tracker);
        }

        var due = tracker.Entries<Notification>()
            .Where(n => n.Entity.Status == NotificationStatus.Pending
                && (n.State == EntityState.Added || (n.State == EntityState.Modified && n.Property(x => x.NextAttemptAtUtc).IsModified)))
            .Select(n => (n.Entity.Id, n.Entity.NextAttemptAtUtc))
            .ToList();
        _toDispatch.AddOrUpdate(context, new Planned(due, added));
    }

    /// <summary>
    /// Cancelled or failed: its reminders are dropped. (Scheduling to Scheduled changes nothing for them, so "Create meeting"
    /// does not pay a read for it.)
    /// </summary>
    private static bool Ended(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Meeting> entry) =>
        entry.Property(m => m.Status).IsModified && entry.Entity.Status is MeetingStatus.Cancelled or MeetingStatus.Failed;

    /// <summary>A participant added or removed: the owned rows of the meeting are inserted or deleted, the meeting row itself may not change.</summary>
    private static bool PeopleChanged(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, Guid meetingId) =>
        tracker.Entries<MeetingParticipant>().Any(p => p.State is EntityState.Added or EntityState.Deleted
            && p.Property("MeetingId").CurrentValue is Guid owner && owner == meetingId);

    private void Dispatch(DbContext? context)
    {
        if (context is null || !_toDispatch.TryGetValue(context, out var planned))
        {
            return;
        }

        _toDispatch.Remove(context);
        // Saved (not only sent: a save that leaves its changes to accept later keeps them tracked until then).
        foreach (var notification in planned.Added)
        {
            var entry = context.Entry(notification);
            if (entry.State == EntityState.Unchanged)
            {
                entry.State = EntityState.Detached;
            }
        }

        var due = planned.Due;
        // One job per due time: creating a Hangfire job is a transaction of several statements, and a meeting's reminders
        // (each person, each offset) share their due times (8 jobs for 4 people and 2 offsets before, half of "Create
        // meeting"'s CPU; docs/performance.md). The dispatcher makes them off the request's path.
        foreach (var group in due.GroupBy(n => n.DueAtUtc))
        {
            List<Guid> ids = [.. group.Select(n => n.Id)];
            try
            {
                dispatcher.SendAt(ids, group.Key);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The change is committed and must not look failed: the minute sweep sends these instead.
                LogDispatchFailed(string.Join(", ", ids), exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications {NotificationIds} could not be handed to the jobs ({Error}); the sweep sends them")]
    private partial void LogDispatchFailed(string notificationIds, string error);

    /// <summary>What a save's plan left to do after the commit: the notifications to hand on, and those it added.</summary>
    private sealed record Planned(List<(Guid Id, DateTimeOffset DueAtUtc)> Due, IReadOnlyList<Notification> Added);

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _toDispatch.Remove(context);
        }
    }
}

using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// Calendar sync states kept in every save (<see cref="CalendarSyncStateWakes"/>): a calendar connection linked gets its
/// row, and a save that may make one of a person's calendars one to read back wakes that person's rows, in the same
/// transaction, so no crash between the two can leave a calendar parked that has a meeting to read back. Wakes: a meeting
/// becoming Scheduled or moved while Scheduled (its organizer); a connection linked again, disconnected, deauthorized or
/// chosen for invites (its person: another of their calendars may become the invite calendar).
/// </summary>
internal sealed class CalendarSyncStateSaveChangesInterceptor(CalendarSyncStateWakes wakes) : PlanningSaveChangesInterceptor
{
    protected override async Task PlanAsync(ApplicationDbContext context, CancellationToken cancellationToken)
    {
        var tracker = context.ChangeTracker;
        var linked = new List<ProviderConnection>();
        var people = new HashSet<Guid>();
        foreach (var entry in tracker.Entries<ProviderConnection>())
        {
            if (entry.State == EntityState.Added)
            {
                linked.Add(entry.Entity);
            }
            else if (entry.State == EntityState.Modified
                && (entry.Property(c => c.Status).IsModified || entry.Property(c => c.ReceivesInvites).IsModified || entry.Property(c => c.AccountEmail).IsModified))
            {
                people.Add(entry.Entity.PersonId);
            }
        }

        foreach (var entry in tracker.Entries<Meeting>())
        {
            // Scheduling to Scheduled (the engine's commit after the providers answered), or moved while Scheduled: a
            // meeting only being set up is no calendar to read yet, so creating one costs nothing here.
            if (entry.Entity.Status == MeetingStatus.Scheduled
                && (entry.State == EntityState.Added
                    || (entry.State == EntityState.Modified
                        && (entry.Property(m => m.Status).IsModified || entry.Property(m => m.EndUtc).IsModified || entry.Property(m => m.StartUtc).IsModified))))
            {
                people.Add(entry.Entity.OrganizerId);
            }
        }

        if (linked.Count == 0 && people.Count == 0)
        {
            return;
        }

        await wakes.PlanAsync(context, linked, people, cancellationToken);
        // The rows it woke, and only those: nothing scans the whole tracker after the first hook (PlanningSaveChangesInterceptor).
        DetectChangesOf<CalendarSyncState>(tracker);
    }
}

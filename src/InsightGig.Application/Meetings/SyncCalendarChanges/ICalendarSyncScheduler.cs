namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>Runs <see cref="SyncCalendarChangesCommand"/> for one calendar connection of an organizer in the background, soon (Hangfire).</summary>
public interface ICalendarSyncScheduler
{
    void Enqueue(Guid organizerId, Guid connectionId);
}

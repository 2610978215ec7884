namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>Runs calendar read-back work in the background, soon (Hangfire).</summary>
public interface ICalendarSyncScheduler
{
    /// <summary>Runs <see cref="SyncCalendarChangesCommand"/> for one calendar connection of an organizer.</summary>
    void Enqueue(Guid organizerId, Guid connectionId);

    /// <summary>Runs <see cref="StopParkedCalendarChannelCommand"/> for a calendar connection the sweep parked with a push channel open.</summary>
    void EnqueueChannelStop(Guid connectionId);
}

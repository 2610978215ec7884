namespace InsightGig.Application.Meetings.Converge;

/// <summary>Runs <see cref="MeetingConverger"/> for a meeting in the background, later and again until it is in step (Hangfire).</summary>
public interface IMeetingSyncScheduler
{
    void Enqueue(Guid meetingId, TimeSpan delay);
}

namespace InsightGig.Domain.Meetings;

/// <summary>Where a meeting was scheduled from; decides who may take part.</summary>
public enum MeetingContextKind
{
    ExpertProfile = 0,
    Brief = 1,
    Project = 2,
}

namespace InsightGig.Domain.Meetings;

/// <summary>One line of a meeting's history: who changed what, when, and from where. Owned by <see cref="Meeting"/>.</summary>
public sealed class MeetingChange
{
    private MeetingChange()
    {
    }

    internal MeetingChange(int sequence, DateTimeOffset atUtc, Guid? byPersonId, ChangeSource source, string summary, string? sourceName = null)
    {
        SourceName = sourceName;
        Sequence = sequence;
        AtUtc = atUtc;
        ByPersonId = byPersonId;
        Source = source;
        Summary = summary;
    }

    public int Sequence { get; private set; }

    public DateTimeOffset AtUtc { get; private set; }

    /// <summary>The InsightGig user who made it; null for changes from the organizer's calendar or repairs.</summary>
    public Guid? ByPersonId { get; private set; }

    public ChangeSource Source { get; private set; }

    /// <summary>For a change from the organizer's calendar: that calendar's name as people know it (data, not code).</summary>
    public string? SourceName { get; private set; }

    public string Summary { get; private set; } = string.Empty;
}

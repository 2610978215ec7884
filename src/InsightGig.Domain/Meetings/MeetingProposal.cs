namespace InsightGig.Domain.Meetings;

/// <summary>A participant's proposal of a new time for the meeting; owned by <see cref="Meeting"/>.</summary>
public sealed class MeetingProposal
{
    public const int NoteMaxLength = 1000;

    private MeetingProposal()
    {
    }

    internal MeetingProposal(Guid id, Guid personId, DateTimeOffset startUtc, DateTimeOffset endUtc, string? note, DateTimeOffset proposedAtUtc)
    {
        Id = id;
        PersonId = personId;
        StartUtc = startUtc;
        EndUtc = endUtc;
        Note = note;
        ProposedAtUtc = proposedAtUtc;
        Status = ProposalStatus.Open;
    }

    public Guid Id { get; private set; }

    /// <summary>The participant who proposed it.</summary>
    public Guid PersonId { get; private set; }

    public DateTimeOffset StartUtc { get; private set; }

    public DateTimeOffset EndUtc { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset ProposedAtUtc { get; private set; }

    /// <summary>Also the store's concurrency token: of an accept and a dismiss at once, only one is saved.</summary>
    public ProposalStatus Status { get; private set; }

    public DateTimeOffset? ClosedAtUtc { get; private set; }

    public bool IsOpen => Status == ProposalStatus.Open;

    internal void Close(ProposalStatus status, DateTimeOffset nowUtc)
    {
        Status = status;
        ClosedAtUtc = nowUtc;
    }
}

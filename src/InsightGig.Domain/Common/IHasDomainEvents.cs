namespace InsightGig.Domain.Common;

/// <summary>
/// An aggregate that records what happened to it, for effects written in the same save (for example an email in the
/// outbox). The store reads and clears the events when it saves.
/// </summary>
public interface IHasDomainEvents
{
    IReadOnlyList<object> DomainEvents { get; }

    void ClearDomainEvents();
}

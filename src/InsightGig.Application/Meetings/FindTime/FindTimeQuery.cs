using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.FindTime;

/// <summary>
/// Times in the next 14 days when the organizer (the signed-in person) and <paramref name="Participants"/> are all free
/// and inside their working hours: InsightGig's meetings and each person's connected calendar (busy ranges only).
/// </summary>
/// <param name="Participants">As on the Schedule form: on a project the ticked collaborators; on a profile or brief empty or the expert.</param>
public sealed record FindTimeQuery(
    MeetingContextKind ContextKind,
    Guid ContextId,
    IReadOnlyList<Guid> Participants,
    int DurationMinutes,
    bool IncludeOutsideWorkingHours = false) : IQuery<Result<FoundTimes>>;

/// <param name="Slots">Best first.</param>
/// <param name="Notices">Whose calendar is not known, and why.</param>
/// <param name="NothingFits">Why there is no slot, when there is none.</param>
public sealed record FoundTimes(IReadOnlyList<FoundSlot> Slots, IReadOnlyList<string> Notices, string? NothingFits, string OrganizerTimeZoneId);

/// <param name="StartLocal">Wall-clock start in the organizer's zone, as the Starting field takes it.</param>
/// <param name="StartOffsetMinutes">The organizer's UTC offset then, so a time in the repeated autumn hour is the one meant.</param>
/// <param name="Label">"Tue 15 Dec 14:00–15:00 · Erin 15:00 Lagos · Carlos 09:00 New York".</param>
public sealed record FoundSlot(
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, DateTime StartLocal, DateTime EndLocal, int StartOffsetMinutes, int EndOffsetMinutes, string Label);

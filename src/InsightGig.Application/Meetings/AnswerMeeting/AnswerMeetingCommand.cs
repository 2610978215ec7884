using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.AnswerMeeting;

public enum MeetingAnswer
{
    Accept,
    Decline,
    ProposeNewTime,
}

/// <summary>
/// A participant (not the organizer) answers a meeting in InsightGig: accept, decline, or propose a new time with an optional
/// note. A proposal's times are wall-clock in the participant's own zone (the repeated autumn hour needs its offset chosen,
/// as when rescheduling). The answer is written to the participant's own calendar after it is saved, where they connected one.
/// </summary>
public sealed record AnswerMeetingCommand(
    Guid MeetingId,
    MeetingAnswer Answer,
    DateTime? Start = null,
    DateTime? End = null,
    string? Note = null,
    int? StartOffsetMinutes = null,
    int? EndOffsetMinutes = null) : ICommand<Result<AnswerRecorded>>;

/// <param name="Response">The participant's answer now.</param>
public sealed record AnswerRecorded(Guid MeetingId, ResponseStatus Response);

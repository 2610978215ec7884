using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.GetMeetingIcs;

/// <summary>
/// The meeting as an iCalendar file ("Add to calendar"), for its organizer and participants only; anyone else gets "not
/// found". A request while the meeting is on; a cancellation (with a higher sequence) once it is cancelled.
/// </summary>
public sealed record GetMeetingIcsQuery(Guid MeetingId) : IQuery<Result<CalendarFile>>;

/// <param name="FileName">A download name ending in <c>.ics</c>.</param>
/// <param name="Content">The RFC 5545 text.</param>
public sealed record CalendarFile(string FileName, string Content)
{
    public const string ContentType = "text/calendar; charset=utf-8";
}

using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>Calendar's attendee <c>responseStatus</c> words as RSVPs.</summary>
internal static class CalendarResponses
{
    public static ResponseStatus From(string? responseStatus) => responseStatus switch
    {
        "accepted" => ResponseStatus.Accepted,
        "declined" => ResponseStatus.Declined,
        "tentative" => ResponseStatus.Tentative,
        _ => ResponseStatus.Awaiting, // needsAction, or a word Calendar may add later
    };
}

using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.GetMeeting;

/// <summary>Who may see a meeting: its organizer and its participants. Everyone else (admins included) gets "not found".</summary>
internal static class MeetingAccess
{
    public static IQueryable<Meeting> TakenPartInBy(this IQueryable<Meeting> meetings, Guid personId) =>
        meetings.Where(m => m.OrganizerId == personId || m.Participants.Any(p => p.PersonId == personId));
}

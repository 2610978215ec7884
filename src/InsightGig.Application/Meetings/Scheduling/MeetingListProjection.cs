using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>The meeting list both "My meetings" and a project's upcoming meetings show: the viewer's own, not yet over.</summary>
internal static class MeetingListProjection
{
    public static async Task<IReadOnlyList<MeetingListItem>> UpcomingForAsync(
        IApplicationDbContext db, IQueryable<Meeting> meetings, Guid viewerId, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        // One query with participants included, whatever the number of meetings (no N+1).
        var rows = await (
                from meeting in meetings.AsNoTracking()
                where meeting.EndUtc > nowUtc
                    && (meeting.Status == MeetingStatus.Scheduled || meeting.Status == MeetingStatus.Scheduling)
                    && (meeting.OrganizerId == viewerId || meeting.Participants.Any(p => p.PersonId == viewerId))
                join organizer in db.People.AsNoTracking() on meeting.OrganizerId equals organizer.Id
                orderby meeting.StartUtc
                select new MeetingListItem(meeting.Id, meeting.Title, meeting.VideoProvider, meeting.StartUtc, meeting.EndUtc, meeting.JoinUrl,
                    meeting.Status, meeting.ContextKind, meeting.ContextId, organizer.FullName, meeting.OrganizerId == viewerId,
                    meeting.Participants.Select(p => p.FullName).ToList()))
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows;
    }
}

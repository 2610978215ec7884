using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>The meeting list both "My meetings" and a project's upcoming meetings show: the viewer's own, not yet over.</summary>
internal static class MeetingListProjection
{
    /// <summary>The most meetings a list shows.</summary>
    public const int MaxMeetings = 500;

    public static async Task<IReadOnlyList<MeetingListItem>> UpcomingForAsync(
        IApplicationDbContext db, ProviderCatalog catalog, IQueryable<Meeting> meetings, Viewer viewer, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var viewerId = viewer.PersonId;
        // Two flat, no-tracking queries whatever the number of meetings (no N+1): the meetings with their organizer's name,
        // then the names of all their participants. Not one query with the participants as a nested collection: EF Core
        // materializes such a projection through a collection shaper that builds delegates for every row, which costs far
        // more than the second round trip (docs/performance.md).
        var rows = await (
                from meeting in meetings.AsNoTracking()
                where meeting.EndUtc > nowUtc
                    && (meeting.Status == MeetingStatus.Scheduled || meeting.Status == MeetingStatus.Scheduling)
                    && (meeting.OrganizerId == viewerId || meeting.Participants.Any(p => p.PersonId == viewerId))
                join organizer in db.People.AsNoTracking() on meeting.OrganizerId equals organizer.Id
                orderby meeting.StartUtc
                select new
                {
                    meeting.Id,
                    meeting.Title,
                    meeting.PlatformKey,
                    meeting.StartUtc,
                    meeting.EndUtc,
                    meeting.JoinUrl,
                    meeting.Status,
                    meeting.ContextKind,
                    meeting.ContextId,
                    OrganizerName = organizer.FullName,
                    meeting.OrganizerId,
                    OrganizerOrganisationId = organizer.OrganisationId,
                    meeting.HideGuestList,
                })
            .Take(MaxMeetings)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var participants = await db.Meetings.AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .SelectMany(m => m.Participants, (m, p) => new { MeetingId = m.Id, p.PersonId, p.FullName })
            .ToListAsync(cancellationToken);
        var byMeeting = participants.ToLookup(p => p.MeetingId);
        return [.. rows.Select(r =>
        {
            var visibility = ParticipantVisibility.For(viewerId, viewer.OrganisationId, r.OrganizerId, r.OrganizerOrganisationId, r.HideGuestList);
            var (shown, others) = visibility.Apply([.. byMeeting[r.Id]], p => p.PersonId);
            var platform = catalog.Platform(r.PlatformKey);
            return new MeetingListItem(r.Id, r.Title, r.PlatformKey, r.StartUtc, r.EndUtc, r.JoinUrl, r.Status, r.ContextKind, r.ContextId,
                r.OrganizerName, r.OrganizerId == viewerId, [.. shown.Select(p => p.FullName).Order(StringComparer.Ordinal)],
                platform?.DisplayName ?? r.PlatformKey, platform?.Icon ?? string.Empty, others);
        })];
    }
}

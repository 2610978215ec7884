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
        IApplicationDbContext db, ProviderCatalog catalog, IQueryable<Meeting> meetings, Guid viewerId, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
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
            .SelectMany(m => m.Participants, (m, p) => new { MeetingId = m.Id, p.FullName, p.Response })
            .ToListAsync(cancellationToken);
        var names = participants.ToLookup(p => p.MeetingId, p => p.FullName);
        var declines = participants.Where(p => p.Response == ResponseStatus.Declined).CountBy(p => p.MeetingId).ToDictionary();
        // Open proposals of the viewer's own meetings, for the organizer's badge (one more flat query, whatever the count).
        var organized = rows.Where(r => r.OrganizerId == viewerId).Select(r => r.Id).ToList();
        var proposals = organized.Count == 0 ? [] : await db.Meetings.AsNoTracking()
            .Where(m => organized.Contains(m.Id))
            .SelectMany(m => m.Proposals.Where(p => p.Status == ProposalStatus.Open), (m, p) => m.Id)
            .ToListAsync(cancellationToken);
        var openProposals = proposals.CountBy(id => id).ToDictionary();
        return [.. rows.Select(r =>
        {
            var platform = catalog.Platform(r.PlatformKey);
            return new MeetingListItem(r.Id, r.Title, r.PlatformKey, r.StartUtc, r.EndUtc, r.JoinUrl, r.Status, r.ContextKind, r.ContextId,
                r.OrganizerName, r.OrganizerId == viewerId, [.. names[r.Id].Order(StringComparer.Ordinal)],
                platform?.DisplayName ?? r.PlatformKey, platform?.Icon ?? string.Empty)
            {
                OpenProposals = r.OrganizerId == viewerId ? openProposals.GetValueOrDefault(r.Id) : 0,
                Declines = r.OrganizerId == viewerId ? declines.GetValueOrDefault(r.Id) : 0,
            };
        })];
    }
}

using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetMyMeetings;

/// <summary>
/// Three queries whatever the number of meetings: the tabs' counts, one page of the chosen tab, its participants' names.
/// All run in the database: the viewer's meetings come from the organizer and participant indexes, so the search (a
/// substring, which no index serves) only ever scans that one person's meetings.
/// </summary>
internal sealed class GetMyMeetingsHandler(IApplicationDbContext db, ProviderCatalog catalog, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetMyMeetingsQuery, Result<MyMeetingsPage>>
{
    public async ValueTask<Result<MyMeetingsPage>> Handle(GetMyMeetingsQuery query, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } viewerId)
        {
            return Error.NotFound("person");
        }

        var now = clock.GetUtcNow();
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        // A meeting the providers refused is its organizer's to see (why it failed); its participants were never invited.
        var mine = Matching(db.Meetings.AsNoTracking().TakingPart(db, viewerId).Where(m => m.Status != MeetingStatus.Failed || m.OrganizerId == viewerId), search,
            viewerId, currentUser.OrganisationId);

        var perTab = await mine
            .GroupBy(m => m.Status == MeetingStatus.Cancelled || m.Status == MeetingStatus.Failed
                ? MeetingsTab.Cancelled
                : m.EndUtc > now ? MeetingsTab.Upcoming : MeetingsTab.Past)
            .Select(g => new { Tab = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(MeetingsTab tab) => perTab.FirstOrDefault(t => t.Tab == tab)?.Count ?? 0;
        var counts = new MeetingsTabCounts(Count(MeetingsTab.Upcoming), Count(MeetingsTab.Past), Count(MeetingsTab.Cancelled));

        var page = Math.Min(query.Page, MyMeetingsPage.PageCountFor(counts.For(query.Tab)));
        var inTab = query.Tab switch
        {
            MeetingsTab.Past => mine.Where(m => (m.Status == MeetingStatus.Scheduled || m.Status == MeetingStatus.Scheduling) && m.EndUtc <= now),
            MeetingsTab.Cancelled => mine.Where(m => m.Status == MeetingStatus.Cancelled || m.Status == MeetingStatus.Failed),
            _ => mine.Upcoming(now),
        };
        var meetings = await MeetingListProjection.ListAsync(db, catalog, inTab, viewerId, now, newestFirst: query.Tab != MeetingsTab.Upcoming,
            skip: (page - 1) * GetMyMeetingsQuery.PageSize, take: GetMyMeetingsQuery.PageSize, cancellationToken);
        return new MyMeetingsPage(query.Tab, search, meetings, page, counts);
    }

    /// <summary>
    /// Meetings whose title, or a participant's or the organizer's name or email, contains <paramref name="search"/>, in any
    /// case: both sides lowered (lower() in SQL, which folds all of Unicode on every database: on SQLite the app registers its own).
    /// </summary>
    private IQueryable<Meeting> Matching(IQueryable<Meeting> meetings, string? search, Guid viewerId, Guid? viewerOrganisationId)
    {
        if (search is null)
        {
            return meetings;
        }

        var term = search.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // ToLower() is what EF Core translates to SQL's lower(); no culture applies there.
        return meetings.Where(m => m.Title.ToLower().Contains(term)
            // Other participants only where the viewer is shown them (ParticipantVisibility): an expert's search never
            // tells them who else takes part.
            || m.Participants.Any(p => (p.FullName.ToLower().Contains(term) || p.Email.ToLower().Contains(term))
                && (p.PersonId == viewerId || m.OrganizerId == viewerId
                    || (viewerOrganisationId != null && db.People.Any(o => o.Id == m.OrganizerId && o.OrganisationId == viewerOrganisationId))))
            || db.People.Any(o => o.Id == m.OrganizerId && (o.FullName.ToLower().Contains(term) || o.Email.ToLower().Contains(term))));
#pragma warning restore CA1304, CA1311, CA1862
    }
}

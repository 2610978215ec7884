using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Briefs.ListBriefs;

internal sealed class ListBriefsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<ListBriefsQuery, IReadOnlyList<BriefListItem>>
{
    public async ValueTask<IReadOnlyList<BriefListItem>> Handle(ListBriefsQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return [];
        }

        var items = await (
                from brief in db.Briefs.AsNoTracking().VisibleTo(viewer)
                join organisation in db.Organisations.AsNoTracking() on brief.OrganisationId equals organisation.Id
                join expert in db.People.AsNoTracking() on brief.ExpertId equals expert.Id
                select new BriefListItem(brief.Id, brief.Title, organisation.Name, expert.Id, expert.FullName, brief.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        // Ordered in memory: SQLite cannot order by DateTimeOffset.
        return [.. items.OrderByDescending(b => b.CreatedAtUtc)];
    }
}

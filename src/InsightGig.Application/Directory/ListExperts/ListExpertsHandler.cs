using InsightGig.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Directory.ListExperts;

internal sealed class ListExpertsHandler(IApplicationDbContext db) : IQueryHandler<ListExpertsQuery, IReadOnlyList<ExpertListItem>>
{
    public async ValueTask<IReadOnlyList<ExpertListItem>> Handle(ListExpertsQuery query, CancellationToken cancellationToken)
    {
        var rows = await (
                from expert in db.Experts.AsNoTracking()
                join person in db.People.AsNoTracking() on expert.Id equals person.Id
                orderby person.FullName
                select new { expert.Id, person.FullName, expert.Headline, expert.Expertise, expert.Location, person.TimeZoneId })
            .ToListAsync(cancellationToken);

        // Expertise is stored as one column, so the word filter runs here; the expert directory is small and paged by the UI.
        var search = query.Search?.Trim();
        return rows
            .Where(r => string.IsNullOrEmpty(search)
                || r.FullName.Contains(search, StringComparison.OrdinalIgnoreCase)
                || r.Headline.Contains(search, StringComparison.OrdinalIgnoreCase)
                || r.Expertise.Any(e => e.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .Select(r => new ExpertListItem(r.Id, r.FullName, r.Headline, r.Expertise, r.Location, r.TimeZoneId))
            .ToList();
    }
}

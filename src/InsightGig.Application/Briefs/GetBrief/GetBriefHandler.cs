using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Briefs.GetBrief;

internal sealed class GetBriefHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<GetBriefQuery, Result<BriefDetails>>
{
    public async ValueTask<Result<BriefDetails>> Handle(GetBriefQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("brief");
        }

        var details = await (
                from brief in db.Briefs.AsNoTracking().VisibleTo(viewer)
                where brief.Id == query.BriefId
                join organisation in db.Organisations.AsNoTracking() on brief.OrganisationId equals organisation.Id
                join author in db.People.AsNoTracking() on brief.CreatedById equals author.Id
                join expertPerson in db.People.AsNoTracking() on brief.ExpertId equals expertPerson.Id
                join expert in db.Experts.AsNoTracking() on brief.ExpertId equals expert.Id
                select new BriefDetails(brief.Id, brief.Title, brief.Summary, organisation.Name, author.FullName, brief.CreatedAtUtc,
                    expertPerson.Id, expertPerson.FullName, expert.Headline))
            .FirstOrDefaultAsync(cancellationToken);
        return details is null ? Error.NotFound("brief") : details;
    }
}

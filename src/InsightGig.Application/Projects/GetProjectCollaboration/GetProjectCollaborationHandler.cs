using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Projects.GetProjectCollaboration;

internal sealed class GetProjectCollaborationHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<GetProjectCollaborationQuery, Result<ProjectCollaboration>>
{
    public async ValueTask<Result<ProjectCollaboration>> Handle(GetProjectCollaborationQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("project");
        }

        var project = await (
                from p in db.Projects.AsNoTracking().VisibleTo(viewer)
                where p.Id == query.ProjectId
                join organisation in db.Organisations.AsNoTracking() on p.OrganisationId equals organisation.Id
                select new { p.Id, p.Name, p.Description, OrganisationName = organisation.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return Error.NotFound("project");
        }

        // One query for all collaborators, whatever their number.
        var collaborators = await (
                from c in db.Projects.AsNoTracking().Where(p => p.Id == project.Id).SelectMany(p => p.Collaborators)
                join person in db.People.AsNoTracking() on c.PersonId equals person.Id
                join expert in db.Experts.AsNoTracking() on c.PersonId equals expert.Id into experts
                from expert in experts.DefaultIfEmpty()
                orderby c.Role, person.FullName
                select new ProjectCollaboratorItem(person.Id, person.FullName, c.Role, expert != null ? expert.Headline : string.Empty,
                    person.TimeZoneId, person.Id == viewer.PersonId))
            .ToListAsync(cancellationToken);

        return new ProjectCollaboration(project.Id, project.Name, project.Description, project.OrganisationName, collaborators);
    }
}

using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Projects.ListProjects;

internal sealed class ListProjectsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<ListProjectsQuery, IReadOnlyList<ProjectListItem>>
{
    public async ValueTask<IReadOnlyList<ProjectListItem>> Handle(ListProjectsQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return [];
        }

        return await (
                from project in db.Projects.AsNoTracking().VisibleTo(viewer)
                join organisation in db.Organisations.AsNoTracking() on project.OrganisationId equals organisation.Id
                orderby project.Name
                select new ProjectListItem(project.Id, project.Name, organisation.Name, project.Collaborators.Count))
            .ToListAsync(cancellationToken);
    }
}

using InsightGig.Domain.Directory;

namespace InsightGig.Application.Common.Access;

/// <summary>
/// Who may see what, as query filters so that everything a viewer may not see is simply "not found".
/// A user sees projects and briefs of their own organisation or where they take part; admins see all.
/// </summary>
internal static class VisibilityRules
{
    // The viewer's organisation is tested here, not inside the filter: EF Core evaluates a comparison of captured values
    // (`viewer.OrganisationId != null`) by compiling it, on every execution of the query (docs/performance.md, sched3).
    public static IQueryable<Project> VisibleTo(this IQueryable<Project> projects, Viewer viewer)
    {
        var personId = viewer.PersonId;
        return viewer switch
        {
            { IsAdmin: true } => projects,
            { OrganisationId: { } organisationId } => projects.Where(p => p.OrganisationId == organisationId || p.Collaborators.Any(c => c.PersonId == personId)),
            _ => projects.Where(p => p.Collaborators.Any(c => c.PersonId == personId)),
        };
    }

    public static IQueryable<Brief> VisibleTo(this IQueryable<Brief> briefs, Viewer viewer)
    {
        var personId = viewer.PersonId;
        return viewer switch
        {
            { IsAdmin: true } => briefs,
            { OrganisationId: { } organisationId } => briefs.Where(b => b.OrganisationId == organisationId || b.ExpertId == personId),
            _ => briefs.Where(b => b.ExpertId == personId),
        };
    }
}

using InsightGig.Domain.Directory;

namespace InsightGig.Application.Common.Access;

/// <summary>
/// Who may see what, as query filters so that everything a viewer may not see is simply "not found".
/// A user sees projects and briefs of their own organisation or where they take part; admins see all.
/// </summary>
internal static class VisibilityRules
{
    public static IQueryable<Project> VisibleTo(this IQueryable<Project> projects, Viewer viewer) =>
        viewer.IsAdmin
            ? projects
            : projects.Where(p => (viewer.OrganisationId != null && p.OrganisationId == viewer.OrganisationId)
                || p.Collaborators.Any(c => c.PersonId == viewer.PersonId));

    public static IQueryable<Brief> VisibleTo(this IQueryable<Brief> briefs, Viewer viewer) =>
        viewer.IsAdmin
            ? briefs
            : briefs.Where(b => (viewer.OrganisationId != null && b.OrganisationId == viewer.OrganisationId) || b.ExpertId == viewer.PersonId);
}

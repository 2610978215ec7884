using Mediator;

namespace InsightGig.Application.Projects.ListProjects;

/// <summary>The projects the signed-in user may see.</summary>
public sealed record ListProjectsQuery : IQuery<IReadOnlyList<ProjectListItem>>;

public sealed record ProjectListItem(Guid Id, string Name, string OrganisationName, int CollaboratorCount);

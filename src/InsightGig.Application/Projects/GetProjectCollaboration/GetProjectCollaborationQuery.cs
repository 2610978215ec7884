using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;
using Mediator;

namespace InsightGig.Application.Projects.GetProjectCollaboration;

/// <summary>The project collaboration page: the project and the people on it.</summary>
public sealed record GetProjectCollaborationQuery(Guid ProjectId) : IQuery<Result<ProjectCollaboration>>;

public sealed record ProjectCollaboration(
    Guid Id,
    string Name,
    string Description,
    string OrganisationName,
    IReadOnlyList<ProjectCollaboratorItem> Collaborators);

/// <param name="Headline">The expert's headline; empty for client members.</param>
public sealed record ProjectCollaboratorItem(Guid PersonId, string FullName, CollaboratorRole Role, string Headline, string TimeZoneId, bool IsViewer);

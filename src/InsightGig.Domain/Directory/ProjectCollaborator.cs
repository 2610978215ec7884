namespace InsightGig.Domain.Directory;

/// <summary>A person working on a project; owned by <see cref="Project"/>.</summary>
public sealed class ProjectCollaborator
{
    private ProjectCollaborator()
    {
    }

    internal ProjectCollaborator(Guid projectId, Guid personId, CollaboratorRole role, DateTimeOffset addedAtUtc)
    {
        ProjectId = projectId;
        PersonId = personId;
        Role = role;
        AddedAtUtc = addedAtUtc;
    }

    public Guid ProjectId { get; private set; }

    public Guid PersonId { get; private set; }

    public CollaboratorRole Role { get; private set; }

    public DateTimeOffset AddedAtUtc { get; private set; }
}

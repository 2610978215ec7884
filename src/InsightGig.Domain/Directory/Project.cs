using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>A client organisation's engagement with experts; its collaborators are who can meet on it.</summary>
public sealed class Project : Entity
{
    private readonly List<ProjectCollaborator> _collaborators = [];

    private Project()
    {
    }

    public Project(Guid id, Guid organisationId, string name, string description, DateTimeOffset createdAtUtc) : base(id)
    {
        OrganisationId = Guard.NotEmpty(organisationId, nameof(organisationId));
        Name = Guard.NotBlank(name, 200, nameof(name));
        Description = Guard.Optional(description, 8000, nameof(description));
        CreatedAtUtc = createdAtUtc;
    }

    public Guid OrganisationId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAtUtc { get; private set; }

    public IReadOnlyList<ProjectCollaborator> Collaborators => _collaborators;

    public bool HasCollaborator(Guid personId) => _collaborators.Exists(c => c.PersonId == personId);

    public Result AddCollaborator(Person person, DateTimeOffset addedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (HasCollaborator(person.Id))
        {
            return Error.Conflict("project.collaborator_exists", $"{person.FullName} already collaborates on this project.");
        }

        // Client users may only join their own organisation's projects; experts join any project they are engaged on.
        if (person.Kind == PersonKind.Client && person.OrganisationId != OrganisationId)
        {
            return Error.Validation("project.collaborator_other_organisation", $"{person.FullName} belongs to another organisation.");
        }

        if (person.Kind == PersonKind.Staff)
        {
            return Error.Validation("project.collaborator_staff", "Staff accounts cannot collaborate on projects.");
        }

        var role = person.Kind == PersonKind.Expert ? CollaboratorRole.Expert : CollaboratorRole.ClientMember;
        _collaborators.Add(new ProjectCollaborator(Id, person.Id, role, addedAtUtc));
        return Result.Success();
    }
}

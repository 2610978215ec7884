using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>A client's question shared 1:1 with one expert.</summary>
public sealed class Brief : Entity
{
    private Brief()
    {
    }

    public Brief(Guid id, Guid organisationId, Guid createdById, Guid expertId, string title, string summary, DateTimeOffset createdAtUtc) : base(id)
    {
        OrganisationId = Guard.NotEmpty(organisationId, nameof(organisationId));
        CreatedById = Guard.NotEmpty(createdById, nameof(createdById));
        ExpertId = Guard.NotEmpty(expertId, nameof(expertId));
        Title = Guard.NotBlank(title, 200, nameof(title));
        Summary = Guard.Optional(summary, 8000, nameof(summary));
        CreatedAtUtc = createdAtUtc;
    }

    public Guid OrganisationId { get; private set; }

    public Guid CreatedById { get; private set; }

    /// <summary>The expert the brief is shared with: the other side of any meeting scheduled from it.</summary>
    public Guid ExpertId { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAtUtc { get; private set; }
}

using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>A client company on InsightGig; its members share projects and briefs.</summary>
public sealed class Organisation : Entity
{
    private Organisation()
    {
    }

    public Organisation(Guid id, string name) : base(id) => Name = Guard.NotBlank(name, 200, nameof(name));

    public string Name { get; private set; } = string.Empty;
}

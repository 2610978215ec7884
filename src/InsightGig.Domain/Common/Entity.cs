namespace InsightGig.Domain.Common;

/// <summary>Base for entities: identity by <see cref="Id"/>.</summary>
public abstract class Entity
{
    /// <summary>For the ORM's materialization only.</summary>
    protected Entity()
    {
    }

    protected Entity(Guid id)
    {
        if (id == Guid.Empty)
        {
            throw new ArgumentException("An entity needs a non-empty id.", nameof(id));
        }

        Id = id;
    }

    public Guid Id { get; private set; }
}

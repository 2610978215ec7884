namespace InsightGig.Application.Common.Interfaces;

/// <summary>Who is asking. The Web layer fills it from the signed-in principal.</summary>
public interface ICurrentUser
{
    /// <summary>The signed-in person's id, or null for an anonymous visitor.</summary>
    Guid? PersonId { get; }

    Guid? OrganisationId { get; }

    bool IsAdmin { get; }
}

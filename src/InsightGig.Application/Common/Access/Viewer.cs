using InsightGig.Application.Common.Interfaces;

namespace InsightGig.Application.Common.Access;

/// <summary>A signed-in viewer, as the visibility rules need it.</summary>
internal readonly record struct Viewer(Guid PersonId, Guid? OrganisationId, bool IsAdmin)
{
    /// <summary>The viewer behind <paramref name="user"/>, or null when nobody is signed in.</summary>
    public static Viewer? From(ICurrentUser user) =>
        user.PersonId is { } id ? new Viewer(id, user.OrganisationId, user.IsAdmin) : null;
}

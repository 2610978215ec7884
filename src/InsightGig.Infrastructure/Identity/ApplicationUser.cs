using Microsoft.AspNetCore.Identity;

namespace InsightGig.Infrastructure.Identity;

/// <summary>The sign-in account. Its id is the id of the domain <c>Person</c> it belongs to.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
}

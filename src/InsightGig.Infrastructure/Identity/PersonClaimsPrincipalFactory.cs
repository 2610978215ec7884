using System.Security.Claims;
using InsightGig.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Identity;

/// <summary>Adds the person's organisation, name and time zone to the sign-in cookie, so pages need no lookup per request.</summary>
internal sealed class PersonClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options,
    ApplicationDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == user.Id);
        if (person is not null)
        {
            identity.AddClaim(new Claim(InsightGigClaimTypes.FullName, person.FullName));
            identity.AddClaim(new Claim(InsightGigClaimTypes.TimeZone, person.TimeZoneId));
            if (person.OrganisationId is { } organisationId)
            {
                identity.AddClaim(new Claim(InsightGigClaimTypes.OrganisationId, organisationId.ToString()));
            }
        }

        return identity;
    }
}

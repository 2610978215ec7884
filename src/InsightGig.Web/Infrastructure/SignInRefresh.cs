using System.Security.Claims;
using InsightGig.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// Re-issues the sign-in cookie from the account as it is now, for claims the person just changed (their time zone):
/// every page reads the zone from the cookie, so without this the old zone would show until the next sign-in.
/// </summary>
public sealed class SignInRefresh(SignInManager<ApplicationUser> signInManager)
{
    public async Task RefreshAsync(ClaimsPrincipal principal)
    {
        if (await signInManager.UserManager.GetUserAsync(principal) is { } user)
        {
            await signInManager.RefreshSignInAsync(user);
        }
    }
}

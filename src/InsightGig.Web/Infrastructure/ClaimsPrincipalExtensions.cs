using System.Security.Claims;
using InsightGig.Infrastructure.Identity;

namespace InsightGig.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    public static string DisplayName(this ClaimsPrincipal user) =>
        user?.FindFirstValue(InsightGigClaimTypes.FullName) ?? user?.Identity?.Name ?? string.Empty;

    public static string TimeZoneId(this ClaimsPrincipal user) =>
        user?.FindFirstValue(InsightGigClaimTypes.TimeZone) ?? "UTC";
}

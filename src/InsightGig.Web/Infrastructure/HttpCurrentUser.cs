using System.Security.Claims;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure.Identity;

namespace InsightGig.Web.Infrastructure;

/// <summary>The signed-in person, read from the request's claims.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? PersonId =>
        Principal?.Identity?.IsAuthenticated == true && Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public Guid? OrganisationId =>
        Guid.TryParse(Principal?.FindFirstValue(InsightGigClaimTypes.OrganisationId), out var id) ? id : null;

    public bool IsAdmin => Principal?.IsInRole(Roles.Admin) == true;
}

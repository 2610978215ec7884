using Hangfire.Dashboard;
using InsightGig.Infrastructure.Identity;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The dashboard's own check, behind the endpoint's Admin policy (which sends anonymous visitors to sign-in and answers
/// 403 to other users): defence in depth, in case the endpoint policy is ever removed.
/// </summary>
internal sealed class HangfireDashboardAccess : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>
/// Acme's consent page, served by the unit itself (a startup filter adds it in front of the app): it consents at once for
/// the hinted account and sends the browser back to the redirect URI with a code and the state, as an OAuth server does.
/// </summary>
internal sealed class AcmeConsentPage(AcmeCloud cloud) : IStartupFilter
{
    public const string Path = "/acme/consent";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path != Path)
            {
                await nextMiddleware(context);
                return;
            }

            var query = context.Request.Query;
            var redirect = QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?>
            {
                ["code"] = cloud.IssueCode(query["login_hint"].ToString()),
                ["state"] = query["state"].ToString(),
            });
            context.Response.Redirect(redirect);
        });
        next(app);
    };
}

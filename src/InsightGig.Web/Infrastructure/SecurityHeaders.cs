using InsightGig.Application.Integrations.Ports;

namespace InsightGig.Web.Infrastructure;

/// <summary>Endpoint metadata: responses of this endpoint carry <paramref name="Policy"/> instead of the pages' policy.</summary>
internal sealed record ContentSecurityPolicyMetadata(string Policy);

/// <summary>
/// Security headers on every response. Our pages run no inline script (site.js is a file), so the policy forbids it.
/// Tools that need something else say so on their endpoints (<see cref="ContentSecurityPolicyMetadata"/>), so a relaxed
/// policy reaches only the responses of the tool itself, never a page or an error page reached through its path.
/// </summary>
internal sealed class SecurityHeaders(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The Hangfire dashboard (admin only): its scripts are its own files under <c>/hangfire/js…</c> (no inline script, no
    /// eval), it polls <c>/hangfire/stats</c>, and its markup and Chart.js use inline styles, so only styles are relaxed.
    /// </summary>
    public static readonly ContentSecurityPolicyMetadata HangfireDashboard = new(string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'"));

    /// <summary>The provider sandbox (Development, or explicitly enabled): no script at all, one inline style sheet.</summary>
    public static readonly ContentSecurityPolicyMetadata Sandbox = new(string.Join("; ",
        "default-src 'self'",
        "script-src 'none'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'"));

    private readonly string _pagePolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        // Forms post here; linking then redirects to the providers' consent pages, which form-action must allow.
        "form-action 'self' " + string.Join(' ', ConsentOrigins(scopes)));

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicyMetadata>()?.Policy ?? _pagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// The origins of the consent pages the linkers really use (their options, defaults included), not configuration keys:
    /// with real credentials and no explicit URL, the consent page is the option's default.
    /// </summary>
    /// <remarks>A unit may register its linker scoped, so the linkers are read once, in a scope of their own.</remarks>
    private static IEnumerable<string> ConsentOrigins(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        return [.. scope.ServiceProvider.GetServices<IOAuthAccountLinker>()
            .Select(linker => linker.AuthorizationEndpoint)
            .Where(endpoint => endpoint.IsAbsoluteUri)
            .Select(endpoint => endpoint.GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)];
    }
}

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// Security headers on every response. Our pages run no inline script (site.js is a file), so the policy forbids it.
/// The admin-only Hangfire dashboard and the development-only provider sandbox bring inline script/style of their own
/// and get a policy that allows only that.
/// </summary>
internal sealed class SecurityHeaders(IConfiguration configuration)
{
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
        "form-action 'self' " + string.Join(' ', ProviderOrigins(configuration)));

    private const string ToolPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            var tool = path.StartsWithSegments("/hangfire") || path.StartsWithSegments("/sandbox");
            headers.ContentSecurityPolicy = tool ? ToolPolicy : _pagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static IEnumerable<string> ProviderOrigins(IConfiguration configuration) =>
        new[] { configuration["Providers:Zoom:AuthorizeUrl"], configuration["Providers:Google:AuthorizeUrl"] }
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase);
}

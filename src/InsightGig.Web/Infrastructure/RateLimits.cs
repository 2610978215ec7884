using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace InsightGig.Web.Infrastructure;

/// <summary>Limits per minute (<c>RateLimits</c> section).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per client address.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Meetings scheduled per user.</summary>
    public int SchedulingPerMinute { get; set; } = 20;

    /// <summary>Account linking starts and callbacks per user.</summary>
    public int LinkingPerMinute { get; set; } = 20;
}

/// <summary>
/// ASP.NET Core's rate limiter on the three things worth abusing: password guessing, meeting creation (which sends
/// invites in the user's name) and OAuth linking. Over the limit is 429 with Retry-After; everything else is unlimited.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddInsightGigRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Classify(context, limits));
            options.OnRejected = (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Classify(HttpContext context, RateLimitOptions limits)
    {
        var request = context.Request;
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method) && path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            return Window("sign-in:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), limits.SignInPerMinute);
        }

        if (HttpMethods.IsPost(request.Method) && string.Equals(request.Query["handler"], "Schedule", StringComparison.OrdinalIgnoreCase))
        {
            return Window("schedule:" + UserKey(context), limits.SchedulingPerMinute);
        }

        if (path.StartsWithSegments("/integrations", StringComparison.OrdinalIgnoreCase))
        {
            return Window("link:" + UserKey(context), limits.LinkingPerMinute);
        }

        return RateLimitPartition.GetNoLimiter("unlimited");
    }

    private static string UserKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permitsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}

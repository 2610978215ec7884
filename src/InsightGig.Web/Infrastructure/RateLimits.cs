using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace InsightGig.Web.Infrastructure;

/// <summary>Limits per minute (<c>RateLimits</c> section).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per client address, whatever the account.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts per account (known or not) from browsers that have not signed in to it before.</summary>
    public int SignInPerAccountPerMinute { get; set; } = 5;

    /// <summary>Meetings scheduled per user.</summary>
    public int SchedulingPerMinute { get; set; } = 20;

    /// <summary>Account linking starts and callbacks per user.</summary>
    public int LinkingPerMinute { get; set; } = 20;

    /// <summary>"Find a time" searches per user: each reads every participant's connected calendar.</summary>
    public int FindTimePerMinute { get; set; } = 30;
}

/// <summary>The limits a page handler (or a whole page) can be put under with <see cref="RateLimitedAttribute"/>.</summary>
public enum RateLimit
{
    /// <summary>Per client address: password guessing.</summary>
    SignIn,

    /// <summary>Per user: meeting creation sends invites in the user's name.</summary>
    Scheduling,

    /// <summary>Per user: OAuth linking starts and callbacks.</summary>
    Linking,

    /// <summary>Per user: "Find a time" reads the participants' calendars with their own connections.</summary>
    FindTime,
}

/// <summary>
/// Puts a page handler method (or every handler of a page model) under a limit. The limit is attached to the handler
/// Razor Pages actually selected, not to a path or a query string, so no spelling of the URL escapes it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class RateLimitedAttribute(RateLimit limit) : Attribute
{
    public RateLimit Limit { get; } = limit;
}

/// <summary>
/// One partitioned limiter (System.Threading.RateLimiting, fixed one-minute windows) per <see cref="RateLimit"/>. Over the
/// limit is 429 with Retry-After; the request does nothing.
/// </summary>
internal sealed class RateLimiters : IDisposable
{
    private readonly Dictionary<RateLimit, PartitionedRateLimiter<HttpContext>> _limiters;

    public RateLimiters(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _limiters = new()
        {
            [RateLimit.SignIn] = PerMinute(context => "sign-in:" + AddressKey(context), limits.SignInPerMinute),
            [RateLimit.Scheduling] = PerMinute(context => "schedule:" + UserKey(context), limits.SchedulingPerMinute),
            [RateLimit.Linking] = PerMinute(context => "link:" + UserKey(context), limits.LinkingPerMinute),
            [RateLimit.FindTime] = PerMinute(context => "find-time:" + UserKey(context), limits.FindTimePerMinute),
        };
    }

    public RateLimitLease Acquire(RateLimit limit, HttpContext context) => _limiters[limit].AttemptAcquire(context);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    /// <summary>The 429 answer: a whole number of seconds to wait, and the status page that says so.</summary>
    public static IActionResult TooManyRequests(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    private static string AddressKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string UserKey(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? AddressKey(context);

    /// <summary>A fixed one-minute window of <paramref name="permitsPerMinute"/> (at least one), no queueing.</summary>
    public static FixedWindowRateLimiterOptions OneMinute(int permitsPerMinute) => new()
    {
        PermitLimit = Math.Max(1, permitsPerMinute),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static PartitionedRateLimiter<HttpContext> PerMinute(Func<HttpContext, string> key, int permitsPerMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(key(context), _ => OneMinute(permitsPerMinute)));
}

/// <summary>
/// Applies <see cref="RateLimitedAttribute"/> after Razor Pages has selected the handler and before it runs. ASP.NET Core's
/// rate limiting middleware cannot do this: it runs before handler selection and sees only the page's endpoint, so it would
/// have to guess the handler from the query string (which is how <c>?handler=Schedule&amp;handler=Schedule</c> got past it).
/// </summary>
internal sealed class RateLimitedHandlerFilter(RateLimiters limiters) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var limited = context.HandlerMethod?.MethodInfo.GetCustomAttribute<RateLimitedAttribute>()
            ?? context.HandlerInstance.GetType().GetCustomAttribute<RateLimitedAttribute>();
        if (limited is null)
        {
            await next();
            return;
        }

        using var lease = limiters.Acquire(limited.Limit, context.HttpContext);
        if (!lease.IsAcquired)
        {
            context.Result = RateLimiters.TooManyRequests(context.HttpContext, lease);
            return;
        }

        await next();
    }
}

internal static class RateLimits
{
    public static IServiceCollection AddInsightGigRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RateLimiters>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        return services;
    }
}

using System.Globalization;
using System.Net;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// The rate limiter on sign-in (per address), scheduling and linking (per user): over the limit is 429 with Retry-After,
/// the request does nothing, and other people are not affected. Each test runs its own app with low limits (the shared
/// test factory raises them, since every test client comes from one address).
/// </summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> CountAsync(RateLimitedWebFactory factory, Func<ApplicationDbContext, Task<int>> count)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    /// <summary>429, a Retry-After of whole seconds within the one-minute window, and a page that says to wait.</summary>
    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        var seconds = int.Parse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_429_with_retry_after_even_with_the_right_password()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 3, scheduling: 1000, linking: 1000);
        using var client = factory.CreateAnonymousClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrong = await InsightGigWebFactory.SignInAsync(client, "nobody@example.com", "not-the-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await InsightGigWebFactory.SignInAsync(client, DemoData.Clara.Email);

        await AssertTooManyAsync(right);
        Assert.Null(right.Headers.Location);
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
        // Showing the sign-in page is not limited.
        using var page = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    /// <summary>A Zoom meeting with Hiro, a new form each time (nobody has linked Zoom in these apps, so the handler answers 400).</summary>
    internal static FormUrlEncodedContent ScheduleForm(string token) => SecurityApp.Form(
        ("__RequestVerificationToken", token),
        ("Form.IdempotencyKey", Guid.NewGuid().ToString()),
        ("Form.Platform", "zoom"),
        ("Form.Title", "Flood"),
        ("Form.Start", SecurityApp.Local(SecurityApp.Day.At(9))),
        ("Form.End", SecurityApp.Local(SecurityApp.Day.At(10))),
        ("Form.Participants", DemoData.Hiro.Id.ToString()));

    [Fact]
    public async Task Scheduling_over_the_limit_gets_429_with_retry_after_for_that_person_only()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 2, linking: 1000);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);
        using var carlos = await factory.CreateClientForAsync(DemoData.Carlos);
        var project = $"/Projects/{DemoData.NorthwindProjectId}";

        async Task<HttpResponseMessage> ScheduleAsync(HttpClient client)
        {
            var token = await InsightGigWebFactory.GetFormTokenAsync(client, project);
            using var form = ScheduleForm(token);
            return await client.PostAsync(new Uri(project + "?handler=Schedule", UriKind.Relative), form, Ct);
        }

        // Nobody has linked Zoom here, so each allowed attempt is refused by the form; it still counts.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var allowed = await ScheduleAsync(clara);
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }

        using var limited = await ScheduleAsync(clara);
        using var other = await ScheduleAsync(carlos);
        using var page = await clara.GetAsync(new Uri(project, UriKind.Relative), Ct);

        await AssertTooManyAsync(limited);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(0, await CountAsync(factory, db => db.Meetings.CountAsync(Ct)));
    }

    [Fact]
    public async Task Find_a_time_over_the_limit_gets_429_for_that_person_only_and_scheduling_keeps_its_own_budget()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 1000, findTime: 2);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);
        using var carlos = await factory.CreateClientForAsync(DemoData.Carlos);
        var project = $"/Projects/{DemoData.NorthwindProjectId}";

        async Task<HttpResponseMessage> FindAsync(HttpClient client, DemoAccount with)
        {
            var token = await InsightGigWebFactory.GetFormTokenAsync(client, project);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.Participants"] = with.Id.ToString(),
            });
            return await client.PostAsync(new Uri(project + "?handler=FindTime&fragment=true", UriKind.Relative), form, Ct);
        }

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var allowed = await FindAsync(clara, DemoData.Carlos);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await FindAsync(clara, DemoData.Carlos);
        using var other = await FindAsync(carlos, DemoData.Clara);

        await AssertTooManyAsync(limited);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Linking_over_the_limit_gets_429_with_retry_after_for_starts_and_callbacks_alike()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 3);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);
        using var carlos = await factory.CreateClientForAsync(DemoData.Carlos);

        static async Task<HttpResponseMessage> ConnectAsync(HttpClient client)
        {
            var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/ConnectedApps");
            using var form = SecurityApp.Form(("__RequestVerificationToken", token), ("returnUrl", "/Account/ConnectedApps"));
            return await client.PostAsync(new Uri("/integrations/zoom/connect", UriKind.Relative), form, Ct);
        }

        using (var first = await ConnectAsync(clara))
        using (var second = await ConnectAsync(clara))
        using (var callback = await clara.GetAsync(new Uri("/integrations/zoom/callback?state=forged&code=x", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        }

        using var limitedStart = await ConnectAsync(clara);
        using var limitedCallback = await clara.GetAsync(new Uri("/integrations/google/callback?state=forged&code=x", UriKind.Relative), Ct);
        using var other = await ConnectAsync(carlos);

        await AssertTooManyAsync(limitedStart);
        await AssertTooManyAsync(limitedCallback);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal(2, await CountAsync(factory, db => db.AccountLinkAttempts.CountAsync(a => a.PersonId == DemoData.Clara.Id, Ct)));
    }

    [Fact]
    public async Task Opening_the_connect_address_only_redirects_and_does_not_spend_the_linking_budget()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 2);
        using var clara = await factory.CreateClientForAsync(DemoData.Clara);

        for (var visit = 1; visit <= 5; visit++)
        {
            using var get = await clara.GetAsync(new Uri("/integrations/zoom/connect", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        }

        var token = await InsightGigWebFactory.GetFormTokenAsync(clara, "/Account/ConnectedApps");
        using var form = SecurityApp.Form(("__RequestVerificationToken", token), ("returnUrl", "/Account/ConnectedApps"));
        using var start = await clara.PostAsync(new Uri("/integrations/zoom/connect", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal(1, await CountAsync(factory, db => db.AccountLinkAttempts.CountAsync(a => a.PersonId == DemoData.Clara.Id, Ct)));
    }
}

/// <summary>The demo app with its own rate limits (per minute), in memory or (to send URLs exactly as written) on Kestrel.</summary>
public class RateLimitedWebFactory : InsightGigWebFactory
{
    private readonly int _signIn;
    private readonly int _signInPerAccount;
    private readonly int _scheduling;
    private readonly int _linking;
    private readonly int _findTime;

    public RateLimitedWebFactory(int signIn, int scheduling, int linking, int signInPerAccount = 100_000, bool useKestrel = false, int findTime = 100_000)
    {
        (_signIn, _signInPerAccount, _scheduling, _linking, _findTime) = (signIn, signInPerAccount, scheduling, linking, findTime);
        if (useKestrel)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:SignInPerMinute", _signIn.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", _signInPerAccount.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:SchedulingPerMinute", _scheduling.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:LinkingPerMinute", _linking.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:FindTimePerMinute", _findTime.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Jobs:RunServer", "false");
    }
}

using System.Net;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// The limits are attached to the page handler that runs, so no spelling of its URL escapes them. The app is served by
/// Kestrel and each request goes on the wire exactly as written (no client-side canonicalization): every spelling is
/// first shown to reach the handler (it answers as the handler does), and once the limit is used up every spelling is 429.
/// </summary>
public sealed class RateLimitBypassTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly string[] SignInSpellings =
    [
        "/Account/Login",
        "/Account/Login/",
        "/account/LOGIN",
        "/Account/%4Cogin",
        "/Account/Login?ReturnUrl=%2F&ReturnUrl=%2F",
        "/Account/Login/?handler=",
    ];

    public static readonly string[] ScheduleSpellings =
    [
        "/Projects/{project}?handler=Schedule",
        "/Projects/{project}?handler=Schedule&handler=Schedule",
        "/Projects/{project}?handler=Schedule&handler=Other",
        "/Projects/{project}?handler=schedule",
        "/Projects/{project}?handler=Sch%65dule",
        "/Projects/{project}?%68andler=Schedule",
        "/Projects/{project}/?handler=Schedule",
        "/PROJECTS/{project}?handler=SCHEDULE",
        "/Projects/%7Bproject%7D?handler=Schedule",
        "/Briefs/{brief}?handler=Schedule",
        "/Experts/{expert}?handler=Schedule",
    ];

    /// <summary>
    /// <c>//</c> in front of the path: routing matches no page for it (the app answers a sign-in redirect or 405), so no
    /// handler runs that a limit would have to stop. Checked: the answer is never the handler's own (200, 400, or 429 once the limit is used up).
    /// </summary>
    public static readonly string[] SpellingsThatReachNoPage = ["//Account/Login", "//Projects/{project}?handler=Schedule"];

    /// <summary>The URL exactly as written, sent without canonicalization (so <c>%4C</c> is not turned into <c>L</c> by the client).</summary>
    private static Uri Raw(Uri address, string pathAndQuery) =>
        new(address.GetLeftPart(UriPartial.Authority) + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>A browser-like client of the app on Kestrel: keeps cookies, follows no redirect.</summary>
    private static HttpClient KestrelClient(RateLimitedWebFactory factory)
    {
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    [Fact]
    public async Task Every_spelling_of_the_sign_in_post_counts_against_the_one_limit()
    {
        await using var factory = new RateLimitedWebFactory(signIn: SignInSpellings.Length, scheduling: 1000, linking: 1000, useKestrel: true);
        using var client = KestrelClient(factory);

        async Task<HttpResponseMessage> SignInAsync(string spelling)
        {
            var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
            using var form = SecurityApp.Form(("Input.Email", "nobody@example.com"), ("Input.Password", "not-the-password"), ("__RequestVerificationToken", token));
            return await client.PostAsync(Raw(client.BaseAddress!, spelling), form, Ct);
        }

        foreach (var spelling in SignInSpellings)
        {
            using var reached = await SignInAsync(spelling);
            Assert.True(reached.StatusCode == HttpStatusCode.OK, $"{spelling} answered {(int)reached.StatusCode} before the limit");
            Assert.Contains("do not match", await reached.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        foreach (var spelling in SignInSpellings)
        {
            using var limited = await SignInAsync(spelling);
            Assert.True(limited.StatusCode == HttpStatusCode.TooManyRequests, $"{spelling} answered {(int)limited.StatusCode} over the limit");
        }

        foreach (var spelling in SpellingsThatReachNoPage.Where(s => s.Contains("Login", StringComparison.Ordinal)))
        {
            using var nowhere = await SignInAsync(spelling);
            Assert.False(nowhere.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests, $"{spelling} reached the sign-in handler ({(int)nowhere.StatusCode})");
        }
    }

    [Fact]
    public async Task Every_spelling_of_the_schedule_post_counts_against_the_one_limit()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: ScheduleSpellings.Length, linking: 1000, useKestrel: true);
        using var clara = KestrelClient(factory);
        using (var signIn = await InsightGigWebFactory.SignInAsync(clara, DemoData.Clara.Email))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var project = $"/Projects/{DemoData.NorthwindProjectId}";

        async Task<HttpResponseMessage> ScheduleAsync(string spelling)
        {
            var token = await InsightGigWebFactory.GetFormTokenAsync(clara, project);
            using var form = RateLimitTests.ScheduleForm(token);
            var url = spelling
                .Replace("{project}", DemoData.NorthwindProjectId.ToString(), StringComparison.Ordinal)
                .Replace("{brief}", DemoData.NorthwindBriefId.ToString(), StringComparison.Ordinal)
                .Replace("{expert}", DemoData.Hiro.Id.ToString(), StringComparison.Ordinal);
            return await clara.PostAsync(Raw(clara.BaseAddress!, url), form, Ct);
        }

        // Nobody has linked Zoom here, so the schedule handler refuses each allowed attempt with 400; it still counts.
        foreach (var spelling in ScheduleSpellings.Where(s => !s.Contains("%7B", StringComparison.Ordinal)))
        {
            using var reached = await ScheduleAsync(spelling);
            Assert.True(reached.StatusCode == HttpStatusCode.BadRequest, $"{spelling} answered {(int)reached.StatusCode} before the limit");
        }

        using (var encodedId = await ScheduleAsync("/Projects/%7Bproject%7D?handler=Schedule"))
        {
            // Not a project id once decoded: no page, nothing scheduled, not counted.
            Assert.True(encodedId.StatusCode == HttpStatusCode.NotFound, $"an encoded id answered {(int)encodedId.StatusCode}");
        }

        using (var last = await ScheduleAsync(ScheduleSpellings[0]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        }

        foreach (var spelling in ScheduleSpellings.Where(s => !s.Contains("%7B", StringComparison.Ordinal)))
        {
            using var limited = await ScheduleAsync(spelling);
            Assert.True(limited.StatusCode == HttpStatusCode.TooManyRequests, $"{spelling} answered {(int)limited.StatusCode} over the limit");
        }

        foreach (var spelling in SpellingsThatReachNoPage.Where(s => s.Contains("Schedule", StringComparison.Ordinal)))
        {
            using var nowhere = await ScheduleAsync(spelling);
            Assert.False(nowhere.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests, $"{spelling} reached the schedule handler ({(int)nowhere.StatusCode})");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.CountAsync(Ct));
    }
}

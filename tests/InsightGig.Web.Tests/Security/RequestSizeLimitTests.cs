using System.Net;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// A body bigger than Kestrel accepts (30 MB by default) on a real Kestrel server: refused with 400 or 413, never a 500,
/// and nothing is saved. (Form limits below that, 1,024 values and 4 MB per value, are in <see cref="BadInputTests"/>.)
/// </summary>
public sealed class RequestSizeLimitTests : IAsyncLifetime
{
    private const int OverKestrelsLimit = 31 * 1024 * 1024;
    private readonly KestrelWebFactory _factory = new();
    private Uri _address = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        _address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>
    /// A client that sends <c>Expect: 100-continue</c> and waits for the server's go-ahead before a body, as browsers and
    /// proxies may: the server's answer to an oversized body then arrives before the body is sent, instead of a reset.
    /// </summary>
    private HttpClient Client()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = _address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.ExpectContinue = true;
        return client;
    }

    /// <summary>Posts a form whose <paramref name="field"/> is over Kestrel's limit; answers the status.</summary>
    private static async Task<HttpStatusCode> PostHugeAsync(HttpClient client, string url, string token, string field, params (string, string)[] fields)
    {
        using var content = SecurityApp.Form([("__RequestVerificationToken", token), .. fields, (field, new string('x', OverKestrelsLimit))]);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_sign_in_bigger_than_kestrels_limit_is_refused_not_a_500()
    {
        using var client = Client();
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");

        var status = await PostHugeAsync(client, "/Account/Login", token, "Input.Password", ("Input.Email", DemoData.Clara.Email));

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"answered {(int)status}");
        using var projects = await client.GetAsync(new Uri("/Projects", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
    }

    [Fact]
    public async Task A_meeting_bigger_than_kestrels_limit_is_refused_not_a_500_and_nothing_is_saved()
    {
        using var client = Client();
        using var signIn = await InsightGigWebFactory.SignInAsync(client, DemoData.Clara.Email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var project = $"/Projects/{DemoData.NorthwindProjectId}";
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, project);

        var status = await PostHugeAsync(client, project + "?handler=Schedule", token, "Form.Description",
            ("Form.IdempotencyKey", Guid.NewGuid().ToString()), ("Form.Platform", "zoom"), ("Form.Title", "Huge"),
            ("Form.Start", "2030-01-15T10:00"), ("Form.End", "2030-01-15T11:00"), ("Form.Participants", DemoData.Hiro.Id.ToString()));

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"answered {(int)status}");
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Set<Meeting>().CountAsync(Ct));
    }
}

/// <summary>The demo app (Development, SQLite) on Kestrel at 127.0.0.1 and a free port, with Kestrel's default limits.</summary>
public sealed class KestrelWebFactory : InsightGigWebFactory
{
    public KestrelWebFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
}

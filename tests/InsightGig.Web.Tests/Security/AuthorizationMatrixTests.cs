using System.Net;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Every page, handler and endpoint × anonymous / client of the owning organisation (Clara, Northwind) / client of another
/// organisation (Gina, Globex) / expert collaborator (Erin, on the Northwind project) / expert not on it (Marco) / admin.
/// The expected answer of each cell is written in <see cref="Table"/>; each cell is a test. A request that is refused
/// changes nothing (meetings, connections, link attempts, what Zoom and Google hold); one that is allowed does exactly its
/// change, as that person.
/// </summary>
[Collection(SecurityGroup.Name)]
public sealed class AuthorizationMatrixTests(SecurityApp app)
{
    private readonly Guid _idempotencyKey = Guid.NewGuid();

    // What a cell answers.
    private const string Ok = "200";
    private const string NotFound = "404";
    private const string Forbidden = "403";
    private const string BadRequest = "400";
    private const string Unauthorized = "401";
    private const string Login = "302 to sign-in";
    private const string ToConnectedApps = "302 to /Account/ConnectedApps";
    private const string ToProvider = "302 to the provider's consent page";
    private const string Scheduled = "302 scheduled (one meeting more, organized by them)";
    private const string Changed = "302 changed (the meeting's next version)";
    private const string Disconnected = "302 disconnected (their own Zoom connection only)";

    /// <summary>One row per request: the expected answer for each person.</summary>
    private sealed record Row(string Request, string Anonymous, string Clara, string Gina, string Erin, string Marco, string Admin)
    {
        public string For(Role role) => role switch
        {
            Role.Anonymous => Anonymous,
            Role.Clara => Clara,
            Role.Gina => Gina,
            Role.Erin => Erin,
            Role.Marco => Marco,
            _ => Admin,
        };
    }

    // {meeting}: Clara's Zoom meeting on the Northwind project with Erin. {fresh-meeting}: a new one like it for each cell,
    // so that a change made by one cell never shows in another. The Northwind brief is shared with Priya, the Globex brief
    // with Marco. Meetings are visible to their organizer and participants only: admins included, anyone else gets 404.
    // Experts do not schedule (WhoSchedules): where they see the page, their POST is a 400 that says so and changes nothing.
    private static readonly Row[] Table =
    [
        //   request                                                     anonymous  Clara         Gina          Erin          Marco         Admin
        new("GET /",                                                     Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Experts",                                              Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Experts/{hiro}",                                       Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Experts/{clara}",                                      Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /Briefs",                                               Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Briefs/{northwind-brief}",                             Login,     Ok,           NotFound,     NotFound,     NotFound,     Ok),
        new("GET /Briefs/{globex-brief}",                                Login,     NotFound,     Ok,           NotFound,     Ok,           Ok),
        new("GET /Projects",                                             Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Projects/{northwind-project}",                         Login,     Ok,           NotFound,     Ok,           NotFound,     Ok),
        new("GET /Projects/{globex-project}",                            Login,     NotFound,     Ok,           NotFound,     Ok,           Ok),
        new("GET /Projects/{unknown}",                                   Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /Meetings",                                             Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /meetings/{meeting}",                                   Login,     Ok,           NotFound,     Ok,           NotFound,     NotFound),
        new("GET /meetings/{meeting}?confirmCancel=true",                Login,     Ok,           NotFound,     Ok,           NotFound,     NotFound),
        new("GET /meetings/{meeting}/ics",                               Login,     Ok,           NotFound,     Ok,           NotFound,     NotFound),
        new("GET /meetings/{unknown}",                                   Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /meetings/{unknown}/ics",                               Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /Account/ConnectedApps",                                Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Account/Logout",                                       Login,     Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Account/Login",                                        Ok,        Ok,           Ok,           Ok,           Ok,           Ok),
        new("GET /Account/AccessDenied",                                 Forbidden, Forbidden,    Forbidden,    Forbidden,    Forbidden,    Forbidden),
        new("GET /integrations/zoom/connect",                            Login,     ToConnectedApps, ToConnectedApps, ToConnectedApps, ToConnectedApps, ToConnectedApps),
        new("GET /integrations/zoom/callback?state=forged&code=abc",     Login,     BadRequest,   BadRequest,   BadRequest,   BadRequest,   BadRequest),
        new("GET /integrations/google/callback?state=forged&code=abc",   Login,     BadRequest,   BadRequest,   BadRequest,   BadRequest,   BadRequest),
        new("GET /integrations/teams/callback?state=forged&code=abc",    Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /hangfire",                                             Login,     Forbidden,    Forbidden,    Forbidden,    Forbidden,    Ok),
        new("GET /hangfire/recurring",                                   Login,     Forbidden,    Forbidden,    Forbidden,    Forbidden,    Ok),
        new("POST /Experts/{hiro}?handler=Schedule",                     Login,     Scheduled,    Scheduled,    BadRequest,   BadRequest,   Scheduled),
        new("POST /Briefs/{northwind-brief}?handler=Schedule",           Login,     Scheduled,    NotFound,     NotFound,     NotFound,     Scheduled),
        new("POST /Briefs/{globex-brief}?handler=Schedule",              Login,     NotFound,     Scheduled,    NotFound,     BadRequest,   Scheduled),
        new("POST /Projects/{northwind-project}?handler=Schedule",       Login,     Scheduled,    NotFound,     BadRequest,   NotFound,     Scheduled),
        new("POST /Projects/{globex-project}?handler=Schedule",          Login,     NotFound,     Scheduled,    NotFound,     BadRequest,   Scheduled),
        new("POST /meetings/{fresh-meeting}?handler=Reschedule",         Login,     Changed,      NotFound,     NotFound,     NotFound,     NotFound),
        new("POST /meetings/{fresh-meeting}?handler=Edit",               Login,     Changed,      NotFound,     NotFound,     NotFound,     NotFound),
        new("POST /meetings/{fresh-meeting}?handler=Cancel",             Login,     Changed,      NotFound,     NotFound,     NotFound,     NotFound),
        new("POST /Account/ConnectedApps?handler=Disconnect",            Login,     Disconnected, Disconnected, Disconnected, Disconnected, Disconnected),
        new("POST /integrations/zoom/connect",                           Login,     ToProvider,   ToProvider,   ToProvider,   ToProvider,   ToProvider),
        new("POST /webhooks/zoom (unsigned)",                            Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        // Google's push: anonymous by design; a notification for no live channel is acknowledged and ignored.
        new("POST /webhooks/google (no channel)",                        Ok,        Ok,           Ok,           Ok,           Ok,           Ok),
        // Benchmark-only, mapped only with Benchmarks:BareEndpoints=true: not there by default.
        new("GET /_bench/projects/{northwind-project}",                  Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /_bench/allocated",                                     Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
        new("GET /No/Such/Page",                                         Login,     NotFound,     NotFound,     NotFound,     NotFound,     NotFound),
    ];

    public static TheoryData<string, Role, string> Cells()
    {
        var cells = new TheoryData<string, Role, string>();
        foreach (var row in Table)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                cells.Add(row.Request, role, row.For(role));
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_person_gets_what_the_table_says(string request, Role role, string expected)
    {
        await app.EnsureLinkedAsync();
        var parts = request.Split(' ', 3);
        var method = parts[0];
        var meetingId = request.Contains("{fresh-meeting}", StringComparison.Ordinal) ? await app.ScheduleAsync() : app.MatrixMeetingId;
        var url = Resolve(parts[1], meetingId);
        var client = await app.ClientAsync(role);
        var before = await app.FootprintAsync();
        var meetingBefore = await app.MeetingAsync(meetingId);

        using var response = method == "GET"
            ? await client.GetAsync(new Uri(url, UriKind.Relative), SecurityApp.Ct)
            : await PostAsync(client, role, url, meetingBefore);

        var body = await response.Content.ReadAsStringAsync(SecurityApp.Ct);
        var location = response.Headers.Location?.OriginalString;
        var answer = $"{method} {url} as {role} answered {(int)response.StatusCode}{(location is null ? "" : " → " + location)}";
        var after = await app.FootprintAsync();
        switch (expected)
        {
            case Login:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer);
                Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=", Absolute(response), StringComparison.Ordinal);
                break;
            case ToConnectedApps:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer);
                Assert.Equal("/Account/ConnectedApps", location);
                break;
            case ToProvider:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer);
                Assert.StartsWith(new Uri(app.Sandbox.BaseAddress, "zoom/oauth/authorize").AbsoluteUri, location, StringComparison.Ordinal);
                Assert.Equal(before.LinkAttempts + 1, after.LinkAttempts);
                Assert.Equal(1, await LinkAttemptsOfAsync(role));
                return;
            case Scheduled:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer + "\n" + MainText(body));
                Assert.Equal(new Uri(url, UriKind.Relative).OriginalString.Split('?')[0] + "#scheduled", location);
                Assert.Equal(before.Meetings + 1, after.Meetings);
                var scheduled = await app.MeetingAsync(_idempotencyKey);
                Assert.Equal(MeetingStatus.Scheduled, scheduled?.Status);
                Assert.Equal(SecurityApp.Account(role)!.Id, scheduled!.OrganizerId);
                return;
            case Changed:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer + "\n" + MainText(body));
                Assert.Equal($"/meetings/{meetingId}", location);
                await AssertExactlyTheChangeAsync(url, role, meetingBefore!, before, after);
                return;
            case Disconnected:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, answer);
                Assert.Equal("/Account/ConnectedApps", location);
                Assert.Equal(before.ActiveConnections - 1, after.ActiveConnections);
                Assert.Equal(ConnectionStatus.Disconnected, await ZoomConnectionStatusAsync(role));
                return;
            default:
                Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == expected, answer + "\n" + MainText(body));
                break;
        }

        if (response.StatusCode == HttpStatusCode.NotFound && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            // A 404 never says whether the thing exists for someone else.
            Assert.Contains("Page not found", body, StringComparison.Ordinal);
            Assert.DoesNotContain(SecurityApp.MatrixMeetingTitle, body, StringComparison.Ordinal);
            Assert.DoesNotContain("EV battery supply due diligence", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Luxury demand in Asia", body, StringComparison.Ordinal);
        }

        // Anything other than an allowed change changes nothing.
        Assert.Equal(before, after);
    }

    /// <summary>
    /// An allowed change did what its form asked, as that person, and the providers followed; everything else in the
    /// footprint (other meetings, connections, link attempts, what Zoom and Google hold) is as it was.
    /// </summary>
    private async Task AssertExactlyTheChangeAsync(string url, Role role, Meeting meetingBefore, Footprint before, Footprint after)
    {
        var changed = await app.MeetingAsync(meetingBefore.Id);
        Assert.NotNull(changed);
        var next = SecurityApp.Day.AddDays(1);
        var (status, title, startUtc, endUtc) = url.EndsWith("handler=Reschedule", StringComparison.Ordinal)
            ? (MeetingStatus.Scheduled, meetingBefore.Title, next.UtcAt(10), next.UtcAt(10, 30))
            : url.EndsWith("handler=Edit", StringComparison.Ordinal)
                ? (MeetingStatus.Scheduled, $"Renamed by {role}", meetingBefore.StartUtc, meetingBefore.EndUtc)
                : (MeetingStatus.Cancelled, meetingBefore.Title, meetingBefore.StartUtc, meetingBefore.EndUtc);
        Assert.Equal((meetingBefore.Version + 1, status, title, startUtc, endUtc), (changed.Version, changed.Status, changed.Title, changed.StartUtc, changed.EndUtc));
        Assert.Equal(SecurityApp.Account(role)!.Id, changed.History[^1].ByPersonId);
        Assert.False(changed.IsConverging, changed.SyncProblem);

        static string StateOf(Guid id, int version, MeetingStatus status, string title) => $"{id}:{version}:{status}:{title.Length}";
        var expected = before with
        {
            MeetingStates = before.MeetingStates.Replace(
                StateOf(meetingBefore.Id, meetingBefore.Version, meetingBefore.Status, meetingBefore.Title),
                StateOf(meetingBefore.Id, meetingBefore.Version + 1, status, title),
                StringComparison.Ordinal),
        };
        Assert.Contains(StateOf(meetingBefore.Id, meetingBefore.Version, meetingBefore.Status, meetingBefore.Title), before.MeetingStates, StringComparison.Ordinal);
        Assert.Equal(expected, after);

        // The providers hold the change: the same Zoom meeting and calendar event, moved, renamed or gone.
        var zoom = Assert.Single(app.State.GetZoomMeetings(includeDeleted: true), z => z.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == meetingBefore.ProviderMeetingId);
        var invite = Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email), e => e.Id == meetingBefore.CalendarEventId);
        Assert.Equal(
            (status == MeetingStatus.Cancelled, status == MeetingStatus.Cancelled ? "cancelled" : "confirmed"),
            (zoom.Deleted, invite.Status));
        Assert.Equal((title, title), (zoom.Topic, invite.Summary));
        Assert.Equal((startUtc, (int)(endUtc - startUtc).TotalMinutes), (zoom.StartTime, zoom.Duration ?? 0));
    }

    private static string Resolve(string path, Guid meetingId) => path
        .Replace("{hiro}", DemoData.Hiro.Id.ToString(), StringComparison.Ordinal)
        .Replace("{clara}", DemoData.Clara.Id.ToString(), StringComparison.Ordinal)
        .Replace("{northwind-brief}", DemoData.NorthwindBriefId.ToString(), StringComparison.Ordinal)
        .Replace("{globex-brief}", DemoData.GlobexBriefId.ToString(), StringComparison.Ordinal)
        .Replace("{northwind-project}", DemoData.NorthwindProjectId.ToString(), StringComparison.Ordinal)
        .Replace("{globex-project}", DemoData.GlobexProjectId.ToString(), StringComparison.Ordinal)
        .Replace("{unknown}", "5ec0de00-0000-4000-8000-00000000dead", StringComparison.Ordinal)
        .Replace("{meeting}", meetingId.ToString(), StringComparison.Ordinal)
        .Replace("{fresh-meeting}", meetingId.ToString(), StringComparison.Ordinal);

    /// <summary>The POST each form sends when filled in correctly, with the person's own valid antiforgery token.</summary>
    private async Task<HttpResponseMessage> PostAsync(HttpClient client, Role role, string url, Meeting? meeting)
    {
        var token = await app.TokenAsync(role);
        var next = SecurityApp.Day.AddDays(1);
        var version = (meeting?.Version ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string, string)[] fields = url switch
        {
            _ when url.Contains("handler=Schedule", StringComparison.Ordinal) =>
            [
                ("__RequestVerificationToken", token),
                ("Form.IdempotencyKey", _idempotencyKey.ToString()),
                ("Form.Platform", "zoom"),
                ("Form.Title", $"Call booked by {role}"),
                ("Form.Description", "Authorization matrix"),
                ("Form.Start", SecurityApp.Local(next.At(9))),
                ("Form.End", SecurityApp.Local(next.At(9, 30))),
                .. ProjectParticipant(url, role) is { } participant ? [("Form.Participants", participant.ToString())] : Array.Empty<(string, string)>(),
            ],
            _ when url.EndsWith("handler=Reschedule", StringComparison.Ordinal) =>
            [
                ("__RequestVerificationToken", token),
                ("Reschedule.ExpectedVersion", version),
                ("Reschedule.Start", SecurityApp.Local(next.At(10))),
                ("Reschedule.End", SecurityApp.Local(next.At(10, 30))),
            ],
            _ when url.EndsWith("handler=Edit", StringComparison.Ordinal) =>
            [
                ("__RequestVerificationToken", token),
                ("Edit.ExpectedVersion", version),
                ("Edit.Title", $"Renamed by {role}"),
                ("Edit.Description", "Changed"),
            ],
            _ when url.EndsWith("handler=Cancel", StringComparison.Ordinal) =>
            [
                ("__RequestVerificationToken", token),
                ("Cancel.ExpectedVersion", version),
                ("Cancel.Confirmed", "true"),
                ("Cancel.Note", $"Cancelled by {role}"),
            ],
            _ when url.EndsWith("handler=Disconnect", StringComparison.Ordinal) => [("__RequestVerificationToken", token), ("provider", "zoom")],
            _ when url.EndsWith("/connect", StringComparison.Ordinal) => [("__RequestVerificationToken", token), ("returnUrl", "/Account/ConnectedApps")],
            _ => [],
        };

        if (url.StartsWith("/webhooks/google", StringComparison.Ordinal))
        {
            using var empty = new ByteArrayContent([]);
            return await client.PostAsync(new Uri("/webhooks/google", UriKind.Relative), empty, SecurityApp.Ct);
        }

        if (url.StartsWith("/webhooks/zoom", StringComparison.Ordinal))
        {
            using var json = new StringContent("""{"event":"app_deauthorized","payload":{"user_id":"x"}}""", System.Text.Encoding.UTF8, "application/json");
            return await client.PostAsync(new Uri("/webhooks/zoom", UriKind.Relative), json, SecurityApp.Ct);
        }

        using var content = SecurityApp.Form(fields);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content, SecurityApp.Ct);
    }

    /// <summary>On a project, someone to invite who is on it and is not the person scheduling.</summary>
    private static Guid? ProjectParticipant(string url, Role role) =>
        url.Contains(DemoData.NorthwindProjectId.ToString(), StringComparison.Ordinal) ? DemoData.Hiro.Id
        : url.Contains(DemoData.GlobexProjectId.ToString(), StringComparison.Ordinal) ? (role == Role.Marco ? DemoData.Gina.Id : DemoData.Marco.Id)
        : null;

    private static string Absolute(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return (location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location)).AbsoluteUri;
    }

    private static string MainText(string html)
    {
        var start = html.IndexOf("<main", StringComparison.Ordinal);
        var end = html.IndexOf("</main>", StringComparison.Ordinal);
        return start >= 0 && end > start ? html[start..end] : html[..Math.Min(html.Length, 2000)];
    }

    private async Task<int> LinkAttemptsOfAsync(Role role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var person = SecurityApp.Account(role)!.Id;
        var attempts = await db.AccountLinkAttempts.Where(a => a.PersonId == person).ToListAsync(SecurityApp.Ct);
        db.AccountLinkAttempts.RemoveRange(attempts);
        await db.SaveChangesAsync(SecurityApp.Ct);
        return attempts.Count;
    }

    private async Task<ConnectionStatus?> ZoomConnectionStatusAsync(Role role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var person = SecurityApp.Account(role)!.Id;
        return await db.ProviderConnections.AsNoTracking().Where(c => c.PersonId == person && c.Provider == "zoom").Select(c => (ConnectionStatus?)c.Status).FirstOrDefaultAsync(SecurityApp.Ct);
    }
}

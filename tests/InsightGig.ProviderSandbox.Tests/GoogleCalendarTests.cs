using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests;

public sealed partial class GoogleCalendarTests
{
    private const string Events = "google/calendar/v3/calendars/primary/events";

    internal static object NewEvent(string? id = null, bool withMeet = false, string start = "2026-03-10T15:00:00Z", string end = "2026-03-10T15:45:00Z") => new Dictionary<string, object?>
    {
        ["id"] = id,
        ["summary"] = "Expert call",
        ["description"] = "Discuss the brief.",
        ["location"] = "Online",
        ["start"] = new { dateTime = start, timeZone = "Europe/London" },
        ["end"] = new { dateTime = end, timeZone = "Europe/London" },
        ["attendees"] = new object[] { new { email = "expert@example.org" }, new { email = SandboxHarness.Ada.Email } },
        ["conferenceData"] = withMeet ? new { createRequest = new { requestId = "req-1", conferenceSolutionKey = new { type = "hangoutsMeet" } } } : null,
    }.Where(pair => pair.Value is not null).ToDictionary();

    [Fact]
    public async Task InsertWithClientIdThenDuplicateIs409()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage created = await sandbox.SendJsonAsync(HttpMethod.Post, Events + "?sendUpdates=all", token, NewEvent("insightgig0meeting0001"));
        JsonElement resource = await SandboxHarness.ReadJsonAsync(created);
        using HttpResponseMessage duplicate = await sandbox.SendJsonAsync(HttpMethod.Post, Events, token, NewEvent("insightgig0meeting0001"));
        JsonElement error = (await SandboxHarness.ReadJsonAsync(duplicate)).GetProperty("error");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("calendar#event", resource.GetProperty("kind").GetString());
        Assert.Equal("insightgig0meeting0001", resource.GetProperty("id").GetString());
        Assert.Equal("confirmed", resource.GetProperty("status").GetString());
        Assert.Equal("insightgig0meeting0001@google.com", resource.GetProperty("iCalUID").GetString());
        Assert.Equal(0, resource.GetProperty("sequence").GetInt32());
        Assert.Equal("2026-03-10T15:00:00Z", resource.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("Europe/London", resource.GetProperty("start").GetProperty("timeZone").GetString());
        Assert.Equal(SandboxHarness.Ada.Email, resource.GetProperty("organizer").GetProperty("email").GetString());
        Assert.True(resource.GetProperty("organizer").GetProperty("self").GetBoolean());
        JsonElement[] attendees = [.. resource.GetProperty("attendees").EnumerateArray()];
        Assert.Equal("needsAction", attendees[0].GetProperty("responseStatus").GetString());
        Assert.Equal("accepted", attendees[1].GetProperty("responseStatus").GetString());
        Assert.True(attendees[1].GetProperty("organizer").GetBoolean());
        Assert.True(attendees[1].GetProperty("self").GetBoolean());
        Assert.False(resource.TryGetProperty("conferenceData", out _));
        Assert.StartsWith(sandbox.Server.BaseAddress + "google/calendar/event?eid=", resource.GetProperty("htmlLink").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(409, error.GetProperty("code").GetInt32());
        Assert.Equal("The requested identifier already exists.", error.GetProperty("message").GetString());
        Assert.Equal("duplicate", error.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal("global", error.GetProperty("errors")[0].GetProperty("domain").GetString());

        CalendarEventInfo stored = Assert.Single(sandbox.State.GetCalendarEvents(SandboxHarness.Ada.Email));
        Assert.Equal("all", Assert.Single(stored.Notifications).SendUpdates);
        Assert.Equal(["expert@example.org", SandboxHarness.Ada.Email], stored.AttendeeEmails);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("UPPERCASE123")]
    [InlineData("has-dash-123")]
    [InlineData("wxyz12345")]
    public async Task ClientIdMustBeBase32Hex(string id)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, Events, token, NewEvent(id));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid resource id value.", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task MeetConferenceIsPendingUntilTheDelayThenSuccess()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync(o => o.MeetConferencePendingDelay = TimeSpan.FromSeconds(30));
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage created = await sandbox.SendJsonAsync(HttpMethod.Post, Events + "?conferenceDataVersion=1", token, NewEvent(withMeet: true));
        JsonElement pending = await SandboxHarness.ReadJsonAsync(created);
        string id = pending.GetProperty("id").GetString()!;
        Assert.Equal("pending", pending.GetProperty("conferenceData").GetProperty("createRequest").GetProperty("status").GetProperty("statusCode").GetString());
        Assert.False(pending.TryGetProperty("hangoutLink", out _));

        sandbox.Time.Advance(TimeSpan.FromSeconds(31));
        using HttpResponseMessage get = await sandbox.SendJsonAsync(HttpMethod.Get, $"{Events}/{id}", token);
        JsonElement ready = await SandboxHarness.ReadJsonAsync(get);
        JsonElement conference = ready.GetProperty("conferenceData");

        Assert.Equal("success", conference.GetProperty("createRequest").GetProperty("status").GetProperty("statusCode").GetString());
        Assert.Equal("req-1", conference.GetProperty("createRequest").GetProperty("requestId").GetString());
        Assert.Equal("Google Meet", conference.GetProperty("conferenceSolution").GetProperty("name").GetString());
        Assert.Equal("hangoutsMeet", conference.GetProperty("conferenceSolution").GetProperty("key").GetProperty("type").GetString());
        string link = ready.GetProperty("hangoutLink").GetString()!;
        Assert.Matches(MeetLink(), link);
        Assert.Equal(link, conference.GetProperty("entryPoints")[0].GetProperty("uri").GetString());
        Assert.Equal("video", conference.GetProperty("entryPoints")[0].GetProperty("entryPointType").GetString());
        Assert.Equal(link["https://meet.google.com/".Length..], conference.GetProperty("conferenceId").GetString());
        Assert.NotEqual(pending.GetProperty("etag").GetString(), ready.GetProperty("etag").GetString());
        Assert.Equal("success", Assert.Single(sandbox.State.GetCalendarEvents(SandboxHarness.Ada.Email)).ConferenceStatus);
    }

    [Fact]
    public async Task ConferenceDataIsIgnoredWithoutConferenceDataVersion1()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage created = await sandbox.SendJsonAsync(HttpMethod.Post, Events, token, NewEvent(withMeet: true));
        JsonElement resource = await SandboxHarness.ReadJsonAsync(created);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.False(resource.TryGetProperty("conferenceData", out _));
        Assert.False(resource.TryGetProperty("hangoutLink", out _));
    }

    [Theory]
    [InlineData("""{"summary":"x","start":{"dateTime":"2026-03-10T15:00:00Z"}}""", "Missing end time.")]
    [InlineData("""{"summary":"x","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T14:00:00Z"}}""", "The specified time range is empty.")]
    [InlineData("""{"summary":"x","start":{"dateTime":"2026-03-10T15:00:00"},"end":{"dateTime":"2026-03-10T16:00:00"}}""", "Missing time zone definition for start time.")]
    [InlineData("""{"summary":"x","start":{"date":"2026-03-10"},"end":{"dateTime":"2026-03-10T16:00:00Z"}}""", "Start and end times must either both be date or both be dateTime.")]
    [InlineData("""{"summary":"x","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T16:00:00Z"},"attendees":[{"email":"not-an-email"}]}""", "Invalid attendee email.")]
    public async Task InvalidEventsAreRejectedAsGoogleDoes(string body, string message)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, Events, token, body);
        JsonElement error = (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(message, error.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PatchMergesAndRaisesSequenceOnlyWhenTimesChange()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        JsonElement created = await InsertAsync(sandbox, token, NewEvent());
        string id = created.GetProperty("id").GetString()!;

        sandbox.Time.Advance(TimeSpan.FromMinutes(1));
        using HttpResponseMessage renamed = await sandbox.SendJsonAsync(HttpMethod.Patch, $"{Events}/{id}?sendUpdates=none", token, new { summary = "Renamed" });
        JsonElement afterRename = await SandboxHarness.ReadJsonAsync(renamed);
        Assert.Equal("Renamed", afterRename.GetProperty("summary").GetString());
        Assert.Equal("Discuss the brief.", afterRename.GetProperty("description").GetString());
        Assert.Equal(0, afterRename.GetProperty("sequence").GetInt32());
        Assert.NotEqual(created.GetProperty("etag").GetString(), afterRename.GetProperty("etag").GetString());
        Assert.Equal("2026-03-02T09:01:00.000Z", afterRename.GetProperty("updated").GetString());

        using HttpResponseMessage moved = await sandbox.SendJsonAsync(HttpMethod.Patch, $"{Events}/{id}?sendUpdates=all", token,
            new { start = new { dateTime = "2026-03-11T10:00:00Z" }, end = new { dateTime = "2026-03-11T11:00:00Z" } });
        JsonElement afterMove = await SandboxHarness.ReadJsonAsync(moved);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(1, afterMove.GetProperty("sequence").GetInt32());
        Assert.Equal("2026-03-11T10:00:00Z", afterMove.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("Europe/London", afterMove.GetProperty("start").GetProperty("timeZone").GetString());

        using HttpResponseMessage invalid = await sandbox.SendJsonAsync(HttpMethod.Patch, $"{Events}/{id}", token,
            new { end = new { dateTime = "2026-03-11T09:00:00Z" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        CalendarEventInfo stored = Assert.Single(sandbox.State.GetCalendarEvents(SandboxHarness.Ada.Email));
        Assert.Equal(["insert:none", "patch:none", "patch:all"], stored.Notifications.Select(n => $"{n.Operation}:{n.SendUpdates}"));
        Assert.Equal([false, true, true], stored.Notifications.Select(n => n.Explicit));
    }

    [Fact]
    public async Task UpdateReplacesTheEvent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        string id = (await InsertAsync(sandbox, token, NewEvent())).GetProperty("id").GetString()!;

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Put, $"{Events}/{id}?sendUpdates=externalOnly", token, new
        {
            summary = "Replaced",
            start = new { dateTime = "2026-03-10T15:00:00Z" },
            end = new { dateTime = "2026-03-10T16:00:00Z" },
        });
        JsonElement resource = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Replaced", resource.GetProperty("summary").GetString());
        Assert.False(resource.TryGetProperty("description", out _));
        Assert.False(resource.TryGetProperty("attendees", out _));
        Assert.Equal(1, resource.GetProperty("sequence").GetInt32());
        Assert.Equal("externalOnly", Assert.Single(sandbox.State.GetCalendarEvents(SandboxHarness.Ada.Email)).Notifications[^1].SendUpdates);
    }

    [Fact]
    public async Task DeleteLeavesACancelledEventAndDeletingAgainIs410()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        string id = (await InsertAsync(sandbox, token, NewEvent())).GetProperty("id").GetString()!;

        using HttpResponseMessage delete = await sandbox.SendJsonAsync(HttpMethod.Delete, $"{Events}/{id}?sendUpdates=all", token);
        using HttpResponseMessage get = await sandbox.SendJsonAsync(HttpMethod.Get, $"{Events}/{id}", token);
        using HttpResponseMessage list = await sandbox.SendJsonAsync(HttpMethod.Get, Events, token);
        using HttpResponseMessage listDeleted = await sandbox.SendJsonAsync(HttpMethod.Get, Events + "?showDeleted=true", token);
        using HttpResponseMessage again = await sandbox.SendJsonAsync(HttpMethod.Delete, $"{Events}/{id}", token);
        using HttpResponseMessage unknown = await sandbox.SendJsonAsync(HttpMethod.Delete, $"{Events}/nosuchevent1", token);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal("cancelled", (await SandboxHarness.ReadJsonAsync(get)).GetProperty("status").GetString());
        Assert.Empty((await SandboxHarness.ReadJsonAsync(list)).GetProperty("items").EnumerateArray());
        Assert.Single((await SandboxHarness.ReadJsonAsync(listDeleted)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        JsonElement error = (await SandboxHarness.ReadJsonAsync(again)).GetProperty("error");
        Assert.Equal(410, error.GetProperty("code").GetInt32());
        Assert.Equal("Resource has been deleted", error.GetProperty("message").GetString());
        Assert.Equal("deleted", error.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        SendUpdatesRecord last = sandbox.State.GetCalendarEvents(SandboxHarness.Ada.Email)[0].Notifications[^1];
        Assert.Equal(("delete", "all"), (last.Operation, last.SendUpdates));
    }

    [Fact]
    public async Task SyncTokenReturnsChangesIncludingCancelledAndExpiresTo410()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        string first = (await InsertAsync(sandbox, token, NewEvent())).GetProperty("id").GetString()!;
        string second = (await InsertAsync(sandbox, token, NewEvent())).GetProperty("id").GetString()!;

        JsonElement full = await ListAsync(sandbox, token, Events);
        Assert.Equal(2, full.GetProperty("items").GetArrayLength());
        string syncToken = full.GetProperty("nextSyncToken").GetString()!;

        JsonElement nothing = await ListAsync(sandbox, token, $"{Events}?syncToken={Uri.EscapeDataString(syncToken)}");
        Assert.Empty(nothing.GetProperty("items").EnumerateArray());

        using (await sandbox.SendJsonAsync(HttpMethod.Delete, $"{Events}/{first}", token))
        using (await sandbox.SendJsonAsync(HttpMethod.Patch, $"{Events}/{second}", token, new { summary = "Changed" }))
        {
        }

        string third = (await InsertAsync(sandbox, token, NewEvent())).GetProperty("id").GetString()!;
        JsonElement changes = await ListAsync(sandbox, token, $"{Events}?syncToken={Uri.EscapeDataString(nothing.GetProperty("nextSyncToken").GetString()!)}");
        Dictionary<string, string> changed = changes.GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("status").GetString()!);
        Assert.Equal(new Dictionary<string, string> { [first] = "cancelled", [second] = "confirmed", [third] = "confirmed" }, changed);

        using HttpResponseMessage expire = await sandbox.Client.PostAsync(new Uri("_sandbox/calendar/sync-tokens/expire", UriKind.Relative), null, SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.OK, expire.StatusCode);
        using HttpResponseMessage gone = await sandbox.SendJsonAsync(HttpMethod.Get, $"{Events}?syncToken={Uri.EscapeDataString(changes.GetProperty("nextSyncToken").GetString()!)}", token);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("fullSyncRequired", (await SandboxHarness.ReadJsonAsync(gone)).GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());

        using HttpResponseMessage invalid = await sandbox.SendJsonAsync(HttpMethod.Get, $"{Events}?syncToken=made-up", token);
        Assert.Equal(HttpStatusCode.Gone, invalid.StatusCode);
    }

    [Fact]
    public async Task ListFiltersByTimeAndPages()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        for (int day = 10; day < 15; day++)
        {
            await InsertAsync(sandbox, token, NewEvent(start: $"2026-03-{day}T15:00:00Z", end: $"2026-03-{day}T16:00:00Z"));
        }

        JsonElement window = await ListAsync(sandbox, token, $"{Events}?timeMin=2026-03-11T00:00:00Z&timeMax=2026-03-13T00:00:00Z&singleEvents=true&orderBy=startTime");
        Assert.Equal(["2026-03-11T15:00:00Z", "2026-03-12T15:00:00Z"], window.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("start").GetProperty("dateTime").GetString()));

        var seen = new List<string>();
        string path = $"{Events}?maxResults=2";
        JsonElement page;
        do
        {
            page = await ListAsync(sandbox, token, path);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            path = page.TryGetProperty("nextPageToken", out JsonElement next) ? $"{Events}?maxResults=2&pageToken={Uri.EscapeDataString(next.GetString()!)}" : string.Empty;
        }
        while (path.Length > 0);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.True(page.TryGetProperty("nextSyncToken", out _));
        Assert.Equal("calendar#events", page.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task CalendarNeedsACalendarScope()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string identityOnly = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email, ["openid", "email"]).AccessToken;
        string readOnly = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email, ["https://www.googleapis.com/auth/calendar.readonly"]).AccessToken;
        string events = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email, ["https://www.googleapis.com/auth/calendar.events"]).AccessToken;

        using HttpResponseMessage denied = await sandbox.SendJsonAsync(HttpMethod.Post, Events, identityOnly, NewEvent());
        using HttpResponseMessage readOnlyList = await sandbox.SendJsonAsync(HttpMethod.Get, Events, readOnly);
        using HttpResponseMessage readOnlyInsert = await sandbox.SendJsonAsync(HttpMethod.Post, Events, readOnly, NewEvent());
        using HttpResponseMessage allowed = await sandbox.SendJsonAsync(HttpMethod.Post, Events, events, NewEvent());

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        JsonElement error = (await SandboxHarness.ReadJsonAsync(denied)).GetProperty("error");
        Assert.Equal("PERMISSION_DENIED", error.GetProperty("status").GetString());
        Assert.Equal("insufficientPermissions", error.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal("ACCESS_TOKEN_SCOPE_INSUFFICIENT", error.GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, readOnlyList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOnlyInsert.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task UnknownCalendarIs404AndMissingTokenIs401()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage other = await sandbox.SendJsonAsync(HttpMethod.Get, $"google/calendar/v3/calendars/{Uri.EscapeDataString(SandboxHarness.Grace.Email)}/events", token);
        using HttpResponseMessage byEmail = await sandbox.SendJsonAsync(HttpMethod.Get, $"google/calendar/v3/calendars/{Uri.EscapeDataString(SandboxHarness.Ada.Email)}/events", token);
        using HttpResponseMessage anonymous = await sandbox.SendJsonAsync(HttpMethod.Get, Events, null);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("Not Found", (await SandboxHarness.ReadJsonAsync(other)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await SandboxHarness.ReadJsonAsync(anonymous)).GetProperty("error").GetProperty("status").GetString());
        Assert.NotNull(anonymous.Headers.WwwAuthenticate.FirstOrDefault());
    }

    [Fact]
    public async Task HtmlLinkOpensAnEventPage()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        JsonElement created = await InsertAsync(sandbox, token, NewEvent());

        using HttpResponseMessage page = await sandbox.Client.GetAsync(new Uri(created.GetProperty("htmlLink").GetString()!), SandboxHarness.Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Expert call", await page.Content.ReadAsStringAsync(SandboxHarness.Ct), StringComparison.Ordinal);
    }

    internal static async Task<JsonElement> InsertAsync(SandboxHarness sandbox, string token, object body, string query = "")
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, Events + query, token, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxHarness.ReadJsonAsync(response);
    }

    private static async Task<JsonElement> ListAsync(SandboxHarness sandbox, string token, string path)
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxHarness.ReadJsonAsync(response);
    }

    [GeneratedRegex("^https://meet\\.google\\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}$")]
    private static partial Regex MeetLink();
}

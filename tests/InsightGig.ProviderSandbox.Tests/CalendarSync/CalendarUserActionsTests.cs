using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests.CalendarSync;

/// <summary>
/// What people do in Google Calendar itself (move, delete, answer), through the control API and the sandbox's calendar page:
/// each is a change like Google makes it (etag, sequence, updated) and shows in incremental sync.
/// </summary>
public sealed class CalendarUserActionsTests
{
    private const string Events = "google/calendar/v3/calendars/primary/events";
    private static readonly string Ada = SandboxHarness.Ada.Email;
    private static readonly string Grace = SandboxHarness.Grace.Email;

    private static object Meeting(string id) => new
    {
        id,
        summary = "Expert call",
        start = new { dateTime = "2026-03-10T15:00:00Z", timeZone = "Europe/Paris" },
        end = new { dateTime = "2026-03-10T15:45:00Z", timeZone = "Europe/Paris" },
        attendees = new object[] { new { email = Grace }, new { email = "expert@example.org" } },
    };

    private static async Task<(SandboxHarness Sandbox, string Token, string SyncToken)> StartWithEventAsync(string id)
    {
        SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, Ada).AccessToken;
        await GoogleCalendarTests.InsertAsync(sandbox, token, Meeting(id), "?sendUpdates=all");
        JsonElement full = await ListAsync(sandbox, token, Events);
        return (sandbox, token, full.GetProperty("nextSyncToken").GetString()!);
    }

    private static async Task<JsonElement> ListAsync(SandboxHarness sandbox, string token, string path)
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxHarness.ReadJsonAsync(response);
    }

    private static Task<JsonElement> ChangesAsync(SandboxHarness sandbox, string token, string syncToken) =>
        ListAsync(sandbox, token, $"{Events}?syncToken={Uri.EscapeDataString(syncToken)}");

    private static async Task<HttpResponseMessage> ControlAsync(SandboxHarness sandbox, string calendar, string eventId, string action, object? body = null)
    {
        using var content = body is null ? null : JsonContent.Create(body);
        return await sandbox.Client.PostAsync(
            new Uri($"_sandbox/calendar/events/{Uri.EscapeDataString(calendar)}/{eventId}/{action}", UriKind.Relative), content, SandboxHarness.Ct);
    }

    [Fact]
    public async Task MovingAnEventGivesItNewTimesInItsZoneANewSequenceAndEtagAndItShowsInIncrementalSync()
    {
        (SandboxHarness sandbox, string token, string syncToken) = await StartWithEventAsync("igmove0001");
        await using SandboxHarness owned = sandbox;
        CalendarEventInfo before = Assert.Single(sandbox.State.GetCalendarEvents(Ada));
        sandbox.Time.Advance(TimeSpan.FromMinutes(5));

        using HttpResponseMessage moved = await ControlAsync(sandbox, Ada, "igmove0001", "move", new { start = "2026-03-11T09:00:00Z", end = "2026-03-11T10:30:00Z" });
        JsonElement resource = await SandboxHarness.ReadJsonAsync(moved);
        JsonElement changes = await ChangesAsync(sandbox, token, syncToken);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("2026-03-11T10:00:00+01:00", resource.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("Europe/Paris", resource.GetProperty("start").GetProperty("timeZone").GetString());
        Assert.Equal("2026-03-11T11:30:00+01:00", resource.GetProperty("end").GetProperty("dateTime").GetString());
        Assert.Equal(before.Sequence + 1, resource.GetProperty("sequence").GetInt32());
        Assert.NotEqual(before.ETag, resource.GetProperty("etag").GetString());
        Assert.Equal("2026-03-02T09:05:00.000Z", resource.GetProperty("updated").GetString());
        JsonElement change = Assert.Single(changes.GetProperty("items").EnumerateArray());
        Assert.Equal(resource.GetProperty("etag").GetString(), change.GetProperty("etag").GetString());
        Assert.Contains(sandbox.State.GetCalendarEvents(Ada)[0].Notifications, n => n.Operation == "ui-move" && n.SendUpdates == "all");
    }

    [Fact]
    public async Task DeletingAnEventMakesItCancelledInIncrementalSyncAndASecondDeleteIsGone()
    {
        (SandboxHarness sandbox, string token, string syncToken) = await StartWithEventAsync("igdelete01");
        await using SandboxHarness owned = sandbox;

        using HttpResponseMessage deleted = await ControlAsync(sandbox, Ada, "igdelete01", "delete");
        using HttpResponseMessage again = await ControlAsync(sandbox, Ada, "igdelete01", "delete");
        using HttpResponseMessage unknown = await ControlAsync(sandbox, Ada, "ignosuchevent", "delete");
        using HttpResponseMessage nobody = await ControlAsync(sandbox, "nobody@example.org", "igdelete01", "delete");
        JsonElement changes = await ChangesAsync(sandbox, token, syncToken);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Equal("cancelled", Assert.Single(changes.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AGuestsAnswerChangesTheOrganizersEventEtagButNotItsSequenceAndSurvivesTheOrganizersNextWrite()
    {
        (SandboxHarness sandbox, string token, string syncToken) = await StartWithEventAsync("igrespond1");
        await using SandboxHarness owned = sandbox;
        CalendarEventInfo before = Assert.Single(sandbox.State.GetCalendarEvents(Ada));

        using HttpResponseMessage answered = await ControlAsync(sandbox, Ada, "igrespond1", "respond", new { email = Grace.ToUpperInvariant(), responseStatus = "declined" });
        JsonElement resource = await SandboxHarness.ReadJsonAsync(answered);
        JsonElement changes = await ChangesAsync(sandbox, token, syncToken);
        using HttpResponseMessage badAnswer = await ControlAsync(sandbox, Ada, "igrespond1", "respond", new { email = Grace, responseStatus = "maybe" });
        using HttpResponseMessage notAGuest = await ControlAsync(sandbox, Ada, "igrespond1", "respond", new { email = "stranger@example.org", responseStatus = "accepted" });

        // The organizer rewrites the guest list (as InsightGig does on every change): answers are the guests' own, they stay.
        using HttpResponseMessage patched = await sandbox.SendJsonAsync(HttpMethod.Patch, $"{Events}/igrespond1?sendUpdates=all", token,
            new { attendees = new object[] { new { email = Grace }, new { email = "expert@example.org", responseStatus = "accepted" } } });
        JsonElement afterPatch = await SandboxHarness.ReadJsonAsync(patched);

        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(SandboxHarness.Ct));
        Assert.True(patched.StatusCode == HttpStatusCode.OK, afterPatch.ToString());
        Assert.Equal(before.Sequence, resource.GetProperty("sequence").GetInt32());
        Assert.NotEqual(before.ETag, resource.GetProperty("etag").GetString());
        Assert.Equal("declined", Attendee(resource, Grace).GetProperty("responseStatus").GetString());
        Assert.Equal("declined", Attendee(Assert.Single(changes.GetProperty("items").EnumerateArray()), Grace).GetProperty("responseStatus").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAGuest.StatusCode);
        Assert.Equal("declined", Attendee(afterPatch, Grace).GetProperty("responseStatus").GetString());
        Assert.Equal("needsAction", Attendee(afterPatch, "expert@example.org").GetProperty("responseStatus").GetString());
    }

    [Fact]
    public async Task ThePersonsCalendarPageMovesAndDeletesTheirEventsWithPlainForms()
    {
        (SandboxHarness sandbox, string _, string _) = await StartWithEventAsync("igpage0001");
        await using SandboxHarness owned = sandbox;
        string page = await GetPageAsync(sandbox, Ada);
        Assert.Contains("Expert call", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("value=\"2026-03-10T16:00\"", page, StringComparison.Ordinal); // shown in the event's zone, Paris

        using HttpResponseMessage moved = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(page, "/google/calendar/move"), ("start", "2026-03-12T08:00"), ("end", "2026-03-12T09:00"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("Event moved", await GetAsync(sandbox, moved.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal("2026-03-12T08:00:00+01:00", Assert.Single(sandbox.State.GetCalendarEvents(Ada)).Resource["start"]!["dateTime"]!.GetValue<string>());

        using HttpResponseMessage inverted = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(page, "/google/calendar/move"), ("start", "2026-03-12T10:00"), ("end", "2026-03-12T09:00"));
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Contains("time range is empty", await inverted.Content.ReadAsStringAsync(SandboxHarness.Ct), StringComparison.Ordinal);

        using HttpResponseMessage deleted = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(page, "/google/calendar/delete"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("cancelled", Assert.Single(sandbox.State.GetCalendarEvents(Ada)).Status);
        Assert.Contains("No events.", await GetPageAsync(sandbox, Ada), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestAnswersAnInvitationOnTheirCalendarPage()
    {
        (SandboxHarness sandbox, string _, string _) = await StartWithEventAsync("iginvite01");
        await using SandboxHarness owned = sandbox;
        string page = await GetPageAsync(sandbox, Grace);
        // A guest who never signed in to the sandbox has a page for their invitations too; a stranger has none.
        Assert.Contains("Expert call", await GetPageAsync(sandbox, "expert@example.org"), StringComparison.Ordinal);
        using HttpResponseMessage stranger = await sandbox.Client.GetAsync(new Uri("google/calendar?account=nobody%40example.org", UriKind.Relative), SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        HtmlForms.Form respond = HtmlForms.Find(page, "/google/calendar/respond");
        Assert.Equal(["accepted", "declined", "tentative"], respond.Buttons.Select(b => b.Value));

        using HttpResponseMessage answered = await HtmlForms.PostAsync(sandbox.Client, respond, ("response", "tentative"));

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("tentative", Attendee(Assert.Single(sandbox.State.GetCalendarEvents(Ada)).Resource, Grace)["responseStatus"]!.GetValue<string>());
        Assert.Contains("Your answer: maybe.", await GetPageAsync(sandbox, Grace), StringComparison.Ordinal);
        Assert.Contains(Grace, await GetAsync(sandbox, "google/calendar"), StringComparison.Ordinal); // the account list
    }

    private static JsonElement Attendee(JsonElement calendarEvent, string email) =>
        calendarEvent.GetProperty("attendees").EnumerateArray().Single(a => string.Equals(a.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase));

    private static System.Text.Json.Nodes.JsonObject Attendee(System.Text.Json.Nodes.JsonObject calendarEvent, string email) =>
        calendarEvent["attendees"]!.AsArray().OfType<System.Text.Json.Nodes.JsonObject>()
            .Single(a => string.Equals(a["email"]!.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase));

    private static Task<string> GetPageAsync(SandboxHarness sandbox, string account) =>
        GetAsync(sandbox, $"google/calendar?account={Uri.EscapeDataString(account)}");

    private static async Task<string> GetAsync(SandboxHarness sandbox, string path)
    {
        using HttpResponseMessage response = await sandbox.Client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(SandboxHarness.Ct);
    }
}

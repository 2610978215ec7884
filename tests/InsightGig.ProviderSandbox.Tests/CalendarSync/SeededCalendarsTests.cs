using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests.CalendarSync;

/// <summary>
/// What the calendar benchmark stands on: many connected calendars seeded in one call on the state (accounts, tokens, one
/// event each) that the Calendar API serves like any other, and request counts per route that keep counting past the 500
/// requests the log keeps.
/// </summary>
public sealed class SeededCalendarsTests
{
    private const string Events = "google/calendar/v3/calendars/primary/events";
    private const string EventsRoute = "/google/calendar/v3/calendars/{calendarId}/events";
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SeededCalendarsAnswerTheirOwnEventWithTheirTokensAndAMoveShowsInIncrementalSync()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string[] emails = ["organizer.1@bench.example", "organizer.2@bench.example", SandboxHarness.Ada.Email];

        IReadOnlyList<SandboxSeededCalendar> seeded = sandbox.State.SeedGoogleCalendars(emails, Start, TimeSpan.FromMinutes(30));

        Assert.Equal(emails, seeded.Select(c => c.Email));
        Assert.Equal(3, seeded.Select(c => c.AccessToken).Distinct().Count());
        Assert.All(seeded, c => Assert.Contains("https://www.googleapis.com/auth/calendar", c.Scope.Split(' '), StringComparer.Ordinal));
        // A known account is reused, not made twice.
        Assert.Equal(sandbox.State.GetGoogleAccounts().Single(a => a.Email == SandboxHarness.Ada.Email).Sub, seeded[2].Sub);

        SandboxSeededCalendar first = seeded[0];
        JsonElement full = await ListAsync(sandbox, first.AccessToken, Events);
        JsonElement item = Assert.Single(full.GetProperty("items").EnumerateArray());
        Assert.Equal(first.EventId, item.GetProperty("id").GetString());
        Assert.Equal("Focus time", item.GetProperty("summary").GetString());
        Assert.Equal(Start, item.GetProperty("start").GetProperty("dateTime").GetDateTimeOffset());
        // Each token reads its own calendar only.
        JsonElement other = await ListAsync(sandbox, seeded[1].AccessToken, Events);
        Assert.Equal(seeded[1].EventId, Assert.Single(other.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        sandbox.State.MoveCalendarEvent(first.Email, first.EventId, Start.AddMinutes(1), Start.AddMinutes(31));
        JsonElement changes = await ListAsync(sandbox, first.AccessToken, $"{Events}?syncToken={Uri.EscapeDataString(full.GetProperty("nextSyncToken").GetString()!)}");
        JsonElement moved = Assert.Single(changes.GetProperty("items").EnumerateArray());
        Assert.Equal(Start.AddMinutes(1), moved.GetProperty("start").GetProperty("dateTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task SeedingRefusesAnEmptyEmailOrAnEmptyEvent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        Assert.Throws<ArgumentException>(() => sandbox.State.SeedGoogleCalendars(["organizer.1@bench.example", " "], Start, TimeSpan.FromMinutes(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.State.SeedGoogleCalendars(["organizer.1@bench.example"], Start, TimeSpan.Zero));
    }

    [Fact]
    public async Task RequestsAreCountedPerRoutePastTheLogsCapacityWhateverTheirStatusUntilReset()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.SeedGoogleCalendars(["organizer.1@bench.example"], Start, TimeSpan.FromMinutes(30))[0].AccessToken;
        const int Lists = 510;
        for (var i = 0; i < Lists; i++)
        {
            using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, Events, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (HttpResponseMessage refused = await sandbox.SendJsonAsync(HttpMethod.Get, Events, "not-a-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (await sandbox.SendJsonAsync(HttpMethod.Post, Events + "/watch", token, new { id = "channel-1", type = "web_hook", address = "https://insightgig.example/webhooks/google" }))
        {
        }

        IReadOnlyList<SandboxRequestCount> counts = sandbox.State.GetRequestCounts();

        Assert.Equal(500, sandbox.State.GetRequestLog().Count);
        Assert.Equal(Lists + 1, counts.Single(c => c is { Provider: "google", Method: "GET", Route: EventsRoute }).Count);
        Assert.Equal(1, counts.Single(c => c is { Provider: "google", Method: "POST", Route: EventsRoute + "/watch" }).Count);
        sandbox.State.Reset();
        Assert.Empty(sandbox.State.GetRequestCounts());
    }

    private static async Task<JsonElement> ListAsync(SandboxHarness sandbox, string token, string path)
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SandboxHarness.ReadJsonAsync(response);
    }
}

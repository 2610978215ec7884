using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests;

/// <summary>The sandbox's calendar.freebusy.query: busy ranges only (merged, clipped, no titles), the caller's own calendar only.</summary>
public sealed class GoogleFreeBusyTests
{
    private const string FreeBusy = "google/calendar/v3/freeBusy";

    private static object Query(string from = "2026-03-10T00:00:00Z", string to = "2026-03-11T00:00:00Z", params string[] ids) =>
        new { timeMin = from, timeMax = to, items = (ids.Length == 0 ? ["primary"] : ids).Select(id => new { id }).ToArray() };

    [Fact]
    public async Task Busy_ranges_of_own_events_and_undeclined_invitations_are_merged_and_clipped_without_titles()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string ada = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        string grace = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Grace.Email).AccessToken;
        await GoogleCalendarTests.InsertAsync(sandbox, grace, GoogleCalendarTests.NewEvent(start: "2026-03-10T09:00:00Z", end: "2026-03-10T10:00:00Z"));
        await GoogleCalendarTests.InsertAsync(sandbox, grace, GoogleCalendarTests.NewEvent(start: "2026-03-10T09:30:00Z", end: "2026-03-10T11:00:00Z"));
        await GoogleCalendarTests.InsertAsync(sandbox, grace, GoogleCalendarTests.NewEvent(start: "2026-03-10T23:00:00Z", end: "2026-03-11T02:00:00Z"));
        var transparent = new Dictionary<string, object?>
        {
            ["summary"] = "Lunch (free)", ["transparency"] = "transparent",
            ["start"] = new { dateTime = "2026-03-10T12:00:00Z" }, ["end"] = new { dateTime = "2026-03-10T13:00:00Z" },
        };
        await GoogleCalendarTests.InsertAsync(sandbox, grace, transparent);
        // Ada's own event (Grace is not invited to it) is not Grace's busy time.
        await GoogleCalendarTests.InsertAsync(sandbox, ada, GoogleCalendarTests.NewEvent(start: "2026-03-10T15:00:00Z", end: "2026-03-10T16:00:00Z"));

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, FreeBusy, grace, Query(ids: ["primary", SandboxHarness.Ada.Email]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement answer = await SandboxHarness.ReadJsonAsync(response);
        Assert.Equal("calendar#freeBusy", answer.GetProperty("kind").GetString());
        JsonElement busy = answer.GetProperty("calendars").GetProperty("primary").GetProperty("busy");
        Assert.Equal(
            [("2026-03-10T09:00:00Z", "2026-03-10T11:00:00Z"), ("2026-03-10T23:00:00Z", "2026-03-11T00:00:00Z")],
            busy.EnumerateArray().Select(b => (b.GetProperty("start").GetString(), b.GetProperty("end").GetString())));
        Assert.DoesNotContain("Expert call", answer.GetRawText(), StringComparison.Ordinal);
        // Someone else's calendar is not Grace's to read.
        Assert.Equal("notFound", answer.GetProperty("calendars").GetProperty(SandboxHarness.Ada.Email).GetProperty("errors")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_invitation_counts_until_it_is_declined()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string grace = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Grace.Email).AccessToken;
        string ada = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        // Grace organizes; Ada is an attendee of NewEvent.
        await GoogleCalendarTests.InsertAsync(sandbox, grace, GoogleCalendarTests.NewEvent(start: "2026-03-10T15:00:00Z", end: "2026-03-10T16:00:00Z"));

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, FreeBusy, ada, Query());

        JsonElement busy = (await SandboxHarness.ReadJsonAsync(response)).GetProperty("calendars").GetProperty("primary").GetProperty("busy");
        Assert.Equal("2026-03-10T15:00:00Z", Assert.Single(busy.EnumerateArray()).GetProperty("start").GetString());
    }

    [Theory]
    [InlineData(null, "2026-03-11T00:00:00Z", "Missing timeMin.")]
    [InlineData("2026-03-10", "2026-03-11T00:00:00Z", "Bad Request: invalid timeMin.")]
    [InlineData("2026-03-11T00:00:00Z", "2026-03-10T00:00:00Z", "The specified time range is empty.")]
    public async Task A_query_without_a_proper_range_is_400(string? from, string to, string message)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string ada = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, FreeBusy, ada, new { timeMin = from, timeMax = to, items = new[] { new { id = "primary" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }
}

using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary><c>POST /me/calendar/getSchedule</c>: free/busy per address, the availability view, errors for unknown mailboxes.</summary>
public sealed class GraphScheduleTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;
    private static readonly string Grace = SandboxHarness.Grace.Email;

    [Fact]
    public async Task TheOrganizerIsBusyAnUnansweredAttendeeTentativeAndAnUnknownMailboxAnError()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-busy")); // 15:00-16:00 UTC, Grace invited

        (HttpStatusCode status, JsonElement answer) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            Schedules = new[] { Ada, Grace, "nobody@elsewhere.example" },
            StartTime = new { dateTime = "2026-03-10T14:00:00", timeZone = "UTC" },
            EndTime = new { dateTime = "2026-03-10T17:00:00", timeZone = "UTC" },
            AvailabilityViewInterval = 60,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] schedules = [.. answer.GetProperty("value").EnumerateArray()];
        Assert.Equal("020", schedules[0].GetProperty("availabilityView").GetString());
        Assert.Equal("busy", schedules[0].GetProperty("scheduleItems")[0].GetProperty("status").GetString());
        Assert.Equal("010", schedules[1].GetProperty("availabilityView").GetString());
        Assert.Equal("ErrorMailRecipientNotFound", schedules[2].GetProperty("error").GetProperty("responseCode").GetString());
        Assert.Equal(["AvailabilityViewInterval", "EndTime", "Schedules", "StartTime"], csdl.ActionParameters("getSchedule", "calendar").Order(StringComparer.Ordinal));
        Assert.All(schedules[0].EnumerateObject(), p => Assert.Contains(p.Name, csdl.Properties("scheduleInformation")));
        Assert.All(schedules[0].GetProperty("scheduleItems")[0].EnumerateObject(), p => Assert.Contains(p.Name, csdl.Properties("scheduleItem")));
        Assert.All(schedules[0].GetProperty("workingHours").EnumerateObject(), p => Assert.Contains(p.Name, csdl.Properties("workingHours")));
        Assert.All(schedules[0].GetProperty("workingHours").GetProperty("daysOfWeek").EnumerateArray(), d => Assert.Contains(d.GetString()!, csdl.EnumMembers("dayOfWeek")));
    }

    [Fact]
    public async Task ABadWindowOrIntervalIsA400()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-10T17:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-03-10T14:00:00", timeZone = "UTC" },
        });
        (HttpStatusCode intervalStatus, _) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-10T14:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-03-10T17:00:00", timeZone = "UTC" },
            availabilityViewInterval = 2,
        });

        (HttpStatusCode longStatus, JsonElement longError) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-01T00:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-05-03T00:00:00", timeZone = "UTC" }, // 63 days
        });
        (HttpStatusCode longestStatus, _) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-01T00:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-05-02T00:00:00", timeZone = "UTC" }, // 62 days
            availabilityViewInterval = 1440,
        });
        (HttpStatusCode wideStatus, JsonElement wideError) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-10T14:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-03-10T15:00:00", timeZone = "UTC" },
            availabilityViewInterval = 60, // not shorter than the window
        });
        (HttpStatusCode crowdStatus, JsonElement crowdError) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, new
        {
            schedules = Enumerable.Range(0, 101).Select(i => $"person{i}@example.com").ToArray(),
            startTime = new { dateTime = "2026-03-10T14:00:00", timeZone = "UTC" },
            endTime = new { dateTime = "2026-03-10T17:00:00", timeZone = "UTC" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ErrorInvalidTimeInterval", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, intervalStatus);
        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Equal("ErrorTimeIntervalTooBig", longError.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("The allowed limit = 62 days; the actual limit = 63 days.", longError.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, longestStatus);
        Assert.Equal(HttpStatusCode.BadRequest, wideStatus);
        Assert.Equal("ErrorInvalidMergedFreeBusyInterval", wideError.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, crowdStatus);
        Assert.Equal("ErrorMailboxDataArrayTooBig", crowdError.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WithoutPreferTheItemsAreInUtcWhateverZoneTheWindowIsIn()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-zone")); // 15:00-16:00 UTC
        var body = new
        {
            schedules = new[] { Ada },
            startTime = new { dateTime = "2026-03-10T10:00:00", timeZone = "Eastern Standard Time" }, // 14:00 UTC: New York is on summer time since 8 March
            endTime = new { dateTime = "2026-03-10T13:00:00", timeZone = "Eastern Standard Time" },
        };

        (_, JsonElement utc) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/calendar/getSchedule", token, body);

        JsonElement item = utc.GetProperty("value")[0].GetProperty("scheduleItems")[0];
        Assert.Equal("2026-03-10T15:00:00.0000000", item.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("UTC", item.GetProperty("start").GetProperty("timeZone").GetString());
        Assert.Equal("002200", utc.GetProperty("value")[0].GetProperty("availabilityView").GetString());
    }
}

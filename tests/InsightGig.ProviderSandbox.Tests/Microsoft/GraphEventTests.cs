using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>Graph v1.0 over HTTP: /me, /me/calendar, events (transactionId, Teams, PATCH, cancel, DELETE).</summary>
public sealed class GraphEventTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;

    [Fact]
    public async Task MeAnswersTheWorkAccountsMailAndAPersonalAccountsPrincipalNameOnly()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string work = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        string personal = sandbox.State.IssueTokens(SandboxProvider.Microsoft, "kim.lee@outlook.com").AccessToken;

        (HttpStatusCode status, JsonElement me) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", work);
        (_, JsonElement personalMe) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", personal);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Ada, me.GetProperty("mail").GetString());
        Assert.Equal(Ada, me.GetProperty("userPrincipalName").GetString());
        Assert.Equal("Ada Lovelace", me.GetProperty("displayName").GetString());
        Assert.True(Guid.TryParse(me.GetProperty("id").GetString(), out _));
        Assert.Equal(JsonValueKind.Null, personalMe.GetProperty("mail").ValueKind);
        Assert.Equal("kim.lee@outlook.com", personalMe.GetProperty("userPrincipalName").GetString());
    }

    [Fact]
    public async Task APersonalAccountsCalendarCannotHostTeamsAndGraphCreatesItsEventWithoutAMeeting()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync(o => o.MicrosoftPersonalAccounts.Add("home@family.example"));
        string work = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        string personal = sandbox.State.IssueTokens(SandboxProvider.Microsoft, "home@family.example").AccessToken;

        (_, JsonElement workCalendar) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendar", work);
        (_, JsonElement personalCalendar) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendar", personal);
        (HttpStatusCode status, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", personal, TeamsEvent("tx-personal"));

        Assert.Equal(["teamsForBusiness"], workCalendar.GetProperty("allowedOnlineMeetingProviders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("teamsForBusiness", workCalendar.GetProperty("defaultOnlineMeetingProvider").GetString());
        Assert.DoesNotContain("teamsForBusiness", personalCalendar.GetProperty("allowedOnlineMeetingProviders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(created.GetProperty("isOnlineMeeting").GetBoolean());
        Assert.Equal("unknown", created.GetProperty("onlineMeetingProvider").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("onlineMeeting").ValueKind);
    }

    [Fact]
    public async Task ATeamsEventGetsAJoinUrlAndARetriedCreateWithTheSameTransactionIdReturnsTheSameEvent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (HttpStatusCode status, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-0001"));
        (HttpStatusCode retryStatus, JsonElement retried) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-0001"));
        (_, JsonElement other) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-0002"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.Created, retryStatus);
        Assert.Equal(created.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        Assert.NotEqual(created.GetProperty("id").GetString(), other.GetProperty("id").GetString());
        Assert.Equal(2, sandbox.State.GetOutlookEvents(Ada).Count);
        Assert.True(created.GetProperty("isOnlineMeeting").GetBoolean());
        Assert.Equal("teamsForBusiness", created.GetProperty("onlineMeetingProvider").GetString());
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", created.GetProperty("onlineMeeting").GetProperty("joinUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("tx-0001", created.GetProperty("transactionId").GetString());
        Assert.Equal("2026-03-10T15:00:00.0000000", created.GetProperty("start").GetProperty("dateTime").GetString()); // London is on GMT in March
        Assert.Equal("UTC", created.GetProperty("start").GetProperty("timeZone").GetString());
        Assert.Equal("Europe/London", created.GetProperty("originalStartTimeZone").GetString());
        Assert.Equal(["none", "none"], created.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("status").GetProperty("response").GetString()));
        Assert.Equal(Ada, created.GetProperty("organizer").GetProperty("emailAddress").GetProperty("address").GetString());
    }

    [Fact]
    public async Task PatchMovesTheEventKeepsTheJoinUrlAndAnswersInThePreferredZone()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-patch"));
        string id = created.GetProperty("id").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"microsoft/v1.0/me/events/{id}")
        {
            Content = JsonContent(new
            {
                subject = "Moved call",
                start = new { dateTime = "2026-03-11T09:30:00", timeZone = "W. Europe Standard Time" },
                end = new { dateTime = "2026-03-11T10:30:00", timeZone = "W. Europe Standard Time" },
            }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Prefer", "outlook.timezone=\"Europe/Paris\"");
        using HttpResponseMessage response = await sandbox.Client.SendAsync(request, SandboxHarness.Ct);
        JsonElement patched = await SandboxHarness.ReadJsonAsync(response);
        (HttpStatusCode getStatus, JsonElement fetched) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-03-11T09:30:00.0000000", patched.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("Europe/Paris", patched.GetProperty("start").GetProperty("timeZone").GetString());
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("2026-03-11T08:30:00.0000000", fetched.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Equal("Moved call", fetched.GetProperty("subject").GetString());
        Assert.Equal(created.GetProperty("onlineMeeting").GetProperty("joinUrl").GetString(), fetched.GetProperty("onlineMeeting").GetProperty("joinUrl").GetString());
        Assert.NotEqual(created.GetProperty("changeKey").GetString(), fetched.GetProperty("changeKey").GetString());
    }

    [Fact]
    public async Task CancelRemovesTheEventForTheOrganizerAndTellsTheAttendeesWithTheComment()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-cancel"));
        string id = created.GetProperty("id").GetString()!;

        (HttpStatusCode cancelStatus, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{id}/cancel", token, new { Comment = "The expert is ill." });
        (HttpStatusCode getStatus, JsonElement missing) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", token);
        (HttpStatusCode againStatus, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{id}/cancel", token, new { Comment = "again" });

        Assert.Equal(HttpStatusCode.Accepted, cancelStatus);
        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal("ErrorItemNotFound", missing.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, againStatus);
        OutlookEventInfo stored = Assert.Single(sandbox.State.GetOutlookEvents(Ada));
        Assert.True(stored.Removed);
        Assert.True(stored.Cancelled);
        Assert.Equal("The expert is ill.", stored.CancelComment);
    }

    [Fact]
    public async Task DeleteAnswers204ThenTheEventIsGone()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-delete"));
        string id = created.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/me/events/{id}", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/me/events/{id}", token)).Status);
    }

    [Fact]
    public async Task AnotherAccountCannotSeeOrChangeTheEvent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string ada = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        string grace = sandbox.State.IssueTokens(SandboxProvider.Microsoft, SandboxHarness.Grace.Email).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", ada, TeamsEvent("tx-private"));
        string id = created.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", grace)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/me/events/{id}", grace)).Status);
        Assert.False(Assert.Single(sandbox.State.GetOutlookEvents(Ada)).Removed);
    }

    [Theory]
    [InlineData("""{"subject":"x","start":{"dateTime":"2026-03-10T15:00:00","timeZone":"Mars/Olympus"},"end":{"dateTime":"2026-03-10T16:00:00","timeZone":"UTC"}}""", "TimeZoneNotSupportedException")]
    [InlineData("""{"subject":"x","start":{"dateTime":"2026-03-10T15:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-10T16:00:00","timeZone":"UTC"},"onlineMeetingProvider":"zoom"}""", "BadRequest")]
    [InlineData("""{"subject":"x","start":{"dateTime":"2026-03-10T15:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-10T14:00:00","timeZone":"UTC"}}""", "ErrorPropertyValidationFailure")]
    [InlineData("""{"subject":"x","start":{"dateTime":"2026-03-10T15:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-10T16:00:00","timeZone":"UTC"},"attendees":[{"emailAddress":{"address":"not an address"}}]}""", "ErrorInvalidRecipients")]
    [InlineData("""{"subject":42}""", "BadRequest")]
    [InlineData("""not json""", "BadRequest")]
    public async Task BadBodiesGetGraphsErrorAndNothingIsStored(string body, string code)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, error.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetProperty("message").GetString()));
        Assert.Empty(sandbox.State.GetOutlookEvents(Ada));
    }

    [Fact]
    public async Task WithoutACalendarScopeGraphAnswers403()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada, ["User.Read"]).AccessToken;
        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-scope"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ErrorAccessDenied", error.GetProperty("error").GetProperty("code").GetString());
    }

    internal static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

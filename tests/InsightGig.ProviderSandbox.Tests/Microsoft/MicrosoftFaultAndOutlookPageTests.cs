using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>Faults in Microsoft's shapes (Graph 429 with Retry-After, 503, a hang; the token endpoint), the request log, and the Outlook page.</summary>
public sealed class MicrosoftFaultAndOutlookPageTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;
    private static readonly string Grace = SandboxHarness.Grace.Email;

    [Fact]
    public async Task ThrottlingAnswers429WithRetryAfterInGraphsErrorShapeThenRecovers()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        using HttpResponseMessage injected = await sandbox.SendJsonAsync(HttpMethod.Post, "_sandbox/faults", null,
            """{"provider":"microsoft","target":"api","status":429,"failNext":1,"retryAfterSeconds":3}""");
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);

        using HttpResponseMessage throttled = await sandbox.SendJsonAsync(HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-throttled"));
        (HttpStatusCode retried, _) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-throttled"));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal("ApplicationThrottled", (await SandboxHarness.ReadJsonAsync(throttled)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, retried);
        Assert.Single(sandbox.State.GetOutlookEvents(Ada)); // the throttled create stored nothing
        Assert.Equal([429, 201], sandbox.State.GetRequestLog().Where(e => e.Provider == "microsoft").Select(e => e.Status));
    }

    [Fact]
    public async Task ServiceUnavailableOnTheTokenEndpointLeavesGraphAlone()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectAsync(sandbox.Client, Ada);
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Token, Status = 503, FailNext = 1 });

        using HttpResponseMessage refresh = await RefreshAsync(sandbox.Client, tokens.RefreshToken);
        (HttpStatusCode me, _) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refresh.StatusCode);
        Assert.Equal("temporarily_unavailable", (await SandboxHarness.ReadJsonAsync(refresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, me);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(sandbox.Client, tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task AHangNeverAnswersSoTheClientTimesOut()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Hang = true, FailNext = 1 });
        // Far below the 110 s hang, far above what a loaded CI machine needs to deliver the request.
        using var impatient = new HttpClient { BaseAddress = sandbox.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "microsoft/v1.0/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request, SandboxHarness.Ct));
    }

    [Fact]
    public async Task AFailureAfterHandlingMakesTheEventAnswers503AndTheCalendarViewFindsItByTransactionIdPageByPage()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent($"tx-other-{i}"))).Status);
        }

        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, FailAfterHandling = true, FailNext = 2 });
        (HttpStatusCode failed, JsonElement error) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-lost-answer"));
        (HttpStatusCode failedAgain, _) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-lost-answer"));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (failed, failedAgain));
        Assert.Equal(JsonValueKind.String, error.GetProperty("error").GetProperty("code").ValueKind); // Graph's error shape
        Assert.Single(sandbox.State.GetOutlookEvents(Ada), e => e.TransactionId == "tx-lost-answer"); // made once: the retry answered it

        // The calendar view of its hour: 12 items, 10 a page unless asked; the made event is there with its transactionId.
        const string View = "microsoft/v1.0/me/calendarView?startDateTime=2026-03-10T15:00:00Z&endDateTime=2026-03-10T16:00:00Z&$select=id,transactionId";
        (HttpStatusCode status, JsonElement first) = await SendAsync(sandbox, HttpMethod.Get, View, token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, first.GetProperty("value").GetArrayLength());
        string next = first.GetProperty("@odata.nextLink").GetString()!;
        Assert.Contains("$skip=10", Uri.UnescapeDataString(next), StringComparison.Ordinal);
        (_, JsonElement second) = await SendAsync(sandbox, HttpMethod.Get, next, token);
        Assert.False(second.TryGetProperty("@odata.nextLink", out _));
        JsonElement[] items = [.. first.GetProperty("value").EnumerateArray(), .. second.GetProperty("value").EnumerateArray()];
        Assert.Equal(12, items.Length);
        Assert.Single(items, i => i.GetProperty("transactionId").GetString() == "tx-lost-answer");
        Assert.All(items, i => Assert.False(i.TryGetProperty("subject", out _))); // $select kept to the next page

        // Another hour holds none of them; no window is Graph's 400.
        (_, JsonElement elsewhere) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendarView?startDateTime=2026-03-10T17:00:00Z&endDateTime=2026-03-10T18:00:00Z", token);
        Assert.Equal(0, elsewhere.GetProperty("value").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendarView", token)).Status);
    }

    [Fact]
    public async Task TheOutlookPageMovesDeletesAndAnswersAndGraphSeesEachChange()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-page"));
        string id = created.GetProperty("id").GetString()!;

        // Grace answers her invitation (she never signed in: the page makes her account, as Outlook shows an invitee their invitation).
        string gracePage = await OAuthFlows.GetPageAsync(sandbox.Client, $"microsoft/calendar?account={Uri.EscapeDataString(Grace)}");
        Assert.Contains("Expert call", gracePage, StringComparison.Ordinal);
        using HttpResponseMessage answered = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(gracePage, "/respond"), ("response", "tentativelyAccepted"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        // Ada moves it by an hour in its own zone (Europe/London), then deletes it.
        string adaPage = await OAuthFlows.GetPageAsync(sandbox.Client, $"microsoft/calendar?account={Uri.EscapeDataString(Ada)}");
        Assert.Contains("value=\"2026-03-10T15:00\"", adaPage, StringComparison.Ordinal);
        using HttpResponseMessage moved = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(adaPage, "/move"), ("start", "2026-03-10T16:00"), ("end", "2026-03-10T17:00"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        (_, JsonElement fetched) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", token);
        Assert.Equal("2026-03-10T16:00:00.0000000", fetched.GetProperty("start").GetProperty("dateTime").GetString());
        JsonElement grace = fetched.GetProperty("attendees").EnumerateArray().Single(a => a.GetProperty("emailAddress").GetProperty("address").GetString() == Grace);
        Assert.Equal("tentativelyAccepted", grace.GetProperty("status").GetProperty("response").GetString());

        using HttpResponseMessage bad = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(adaPage, "/move"), ("start", "tomorrow"), ("end", "later"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using HttpResponseMessage deleted = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(adaPage, "/delete"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", token)).Status);
        string graceAfter = await OAuthFlows.GetPageAsync(sandbox.Client, $"microsoft/calendar?account={Uri.EscapeDataString(Grace)}");
        Assert.Contains("Canceled: Expert call", graceAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStateShowsMicrosoftAccountsEventsAndSubscriptions()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-state"));

        using HttpResponseMessage response = await sandbox.Client.GetAsync(new Uri("_sandbox/state", UriKind.Relative), SandboxHarness.Ct);
        JsonElement microsoft = (await SandboxHarness.ReadJsonAsync(response)).GetProperty("microsoft");

        Assert.Contains(microsoft.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("email").GetString() == Ada);
        Assert.Single(microsoft.GetProperty("grants").EnumerateArray());
        JsonElement stored = Assert.Single(microsoft.GetProperty("events").EnumerateArray());
        Assert.Equal("tx-state", stored.GetProperty("transactionId").GetString());
        Assert.Equal("teamsForBusiness", stored.GetProperty("resource").GetProperty("onlineMeetingProvider").GetString());
        Assert.Empty(microsoft.GetProperty("subscriptions").EnumerateArray());
    }
}

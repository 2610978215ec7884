using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.OAuthFlows;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task RateLimitFailsTheNextRequestsWithRetryAfterThenRecovers()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email).AccessToken;
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 429, FailNext = 2, RetryAfterSeconds = 7 });

        using HttpResponseMessage first = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token);
        using HttpResponseMessage second = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token);
        using HttpResponseMessage third = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(429, (await SandboxHarness.ReadJsonAsync(first)).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal([429, 429, 200], sandbox.State.GetRequestLog().Select(entry => entry.Status));
        Assert.All(sandbox.State.GetRequestLog(), entry => Assert.Equal("zoom", entry.Provider));
    }

    [Fact]
    public async Task ServiceUnavailableThroughTheControlApiUsesGoogleErrorShape()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"google","target":"api","status":503,"failNext":1}""");
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);

        using HttpResponseMessage failed = await sandbox.SendJsonAsync(HttpMethod.Get, "google/calendar/v3/calendars/primary/events", token);
        using HttpResponseMessage recovered = await sandbox.SendJsonAsync(HttpMethod.Get, "google/calendar/v3/calendars/primary/events", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        JsonElement error = (await SandboxHarness.ReadJsonAsync(failed)).GetProperty("error");
        Assert.Equal(503, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAVAILABLE", error.GetProperty("status").GetString());
        Assert.Equal("backendError", error.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task TokenTargetLeavesTheApiAlone()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, Status = 500 });

        using HttpResponseMessage api = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", tokens.AccessToken);
        using HttpResponseMessage refresh = await ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken!);
        using HttpResponseMessage refreshAgain = await ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, refreshAgain.StatusCode); // no failNext: until cleared

        sandbox.State.ClearFaults();
        using HttpResponseMessage afterClear = await ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
    }

    [Fact]
    public async Task LatencyDelaysEveryMatchingRequest()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, LatencyMs = 300 });

        var watch = Stopwatch.StartNew();
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, "google/oauth2/v3/userinfo", token);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
        Assert.True(sandbox.State.GetRequestLog()[^1].DurationMs >= 290);
    }

    [Fact]
    public async Task HangNeverAnswersSoTheClientTimesOut()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email).AccessToken;
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Hang = true, FailNext = 1 });
        // Far below the 110 s hang, far above what a loaded CI machine needs to deliver the request.
        using var impatient = new HttpClient { BaseAddress = sandbox.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "zoom/v2/users/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request, SandboxHarness.Ct));

        // The hang was used up by that request; the next one is answered (a short timeout guards against a regression).
        for (var waited = 0; waited < 100 && Assert.Single(sandbox.State.GetFaults()).RemainingFailures != 0; waited++)
        {
            await Task.Delay(100, SandboxHarness.Ct);
        }

        Assert.Equal(0, Assert.Single(sandbox.State.GetFaults()).RemainingFailures);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(SandboxHarness.Ct);
        guard.CancelAfter(TimeSpan.FromSeconds(10));
        using var nextRequest = new HttpRequestMessage(HttpMethod.Get, "zoom/v2/users/me");
        nextRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage next = await sandbox.Client.SendAsync(nextRequest, guard.Token);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task HangAfterHandlingMakesTheMeetingThenWithholdsTheAnswer()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email).AccessToken;
        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"zoom","target":"api","hangAfterHandling":true,"failNext":1}""");
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);
        using var impatient = new HttpClient { BaseAddress = sandbox.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "zoom/v2/users/me/meetings")
        {
            Content = new StringContent("""{"topic":"Lost answer","type":2,"start_time":"2030-01-10T10:00:00Z","duration":30}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request, SandboxHarness.Ct));

        // The client never heard back, yet Zoom made the meeting.
        Assert.Equal("Lost answer", Assert.Single(sandbox.State.GetZoomMeetings()).Topic);
    }

    [Fact]
    public async Task AMethodNarrowsTheFaultSoTheCreateSucceedsAndTheDeleteAfterItFails()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email).AccessToken;
        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"zoom","target":"api","method":"delete","status":503}""");
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);

        using HttpResponseMessage created = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", token,
            """{"topic":"Made, then kept","type":2,"start_time":"2030-01-10T10:00:00Z","duration":30}""");
        long id = (await SandboxHarness.ReadJsonAsync(created)).GetProperty("id").GetInt64();
        using HttpResponseMessage deleted = await sandbox.SendJsonAsync(HttpMethod.Delete, $"zoom/v2/meetings/{id}", token);
        using HttpResponseMessage read = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{id}", token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(Assert.Single(sandbox.State.GetZoomMeetings(includeDeleted: true)).Deleted);
    }

    [Fact]
    public async Task HangBeforeAndAfterHandlingTogetherIsRefused()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"zoom","hang":true,"hangAfterHandling":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, injected.StatusCode);
        Assert.Empty(sandbox.State.GetFaults());
    }

    [Fact]
    public async Task InvalidGrantFailsTheNextRefreshAndRevokesTheGrant()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet zoom = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);
        TokenSet google = await ConnectGoogleAsync(sandbox.Client, SandboxHarness.Ada.Email);
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });
        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"google","invalidGrant":true}""");

        using HttpResponseMessage zoomRefresh = await ZoomRefreshAsync(sandbox.Client, zoom.RefreshToken);
        using HttpResponseMessage zoomApi = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", zoom.AccessToken);
        using HttpResponseMessage googleRefresh = await GoogleRefreshAsync(sandbox.Client, google.RefreshToken);
        using HttpResponseMessage googleAgain = await GoogleRefreshAsync(sandbox.Client, google.RefreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, zoomRefresh.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(zoomRefresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, zoomApi.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, googleRefresh.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(googleRefresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, googleAgain.StatusCode); // the grant is gone for good
        Assert.All(sandbox.State.GetFaults(), fault => Assert.Equal(0, fault.RemainingInvalidGrants));
    }

    [Theory]
    [InlineData("""{"provider":"yahoo"}""")]
    [InlineData("""{"target":"api"}""")]
    [InlineData("""{"provider":"zoom","status":418}""")]
    [InlineData("""{"provider":"zoom","method":"CONNECT","status":503}""")]
    [InlineData("not json")]
    public async Task InvalidFaultsAreRejected(string body)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        using HttpResponseMessage response = await PostJsonAsync(sandbox, "_sandbox/faults", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(sandbox.State.GetFaults());
    }

    [Fact]
    public async Task AFaultForAProviderNoPartEmulatesIsRefusedByTheCSharpApiToo()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => sandbox.State.InjectFault(new SandboxFault { Provider = new SandboxProvider("yahoo"), Status = 503 }));
        Assert.Throws<ArgumentException>(() => sandbox.State.InjectFault(new SandboxFault { Provider = default, Status = 503 }));

        Assert.Contains("google or microsoft or zoom", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.State.GetFaults());
    }

    [Fact]
    public async Task DeleteFaultsClearsThem()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage injected = await PostJsonAsync(sandbox, "_sandbox/faults", """{"provider":"zoom","target":"all","status":503}""");
        using HttpResponseMessage listed = await sandbox.Client.GetAsync(new Uri("_sandbox/faults", UriKind.Relative), SandboxHarness.Ct);
        Assert.Equal(1, (await SandboxHarness.ReadJsonAsync(listed)).GetArrayLength());

        using HttpResponseMessage cleared = await sandbox.Client.DeleteAsync(new Uri("_sandbox/faults", UriKind.Relative), SandboxHarness.Ct);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(sandbox.State.GetFaults());
    }

    internal static async Task<HttpResponseMessage> PostJsonAsync(SandboxHarness sandbox, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await sandbox.Client.PostAsync(new Uri(path, UriKind.Relative), content, SandboxHarness.Ct);
    }
}

using System.Diagnostics;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.Infrastructure.Tests.Support;
using InsightGig.ProviderSandbox;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Infrastructure.Tests;

public sealed class ZoomAdapterTests
{
    private static readonly Uri RedirectUri = new("http://127.0.0.1:5080/integrations/zoom/callback");

    private static readonly Guid MeetingId = Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5");

    private static VideoMeetingRequest Meeting(string title = "Expert call: market sizing", string description = "Discuss the brief.") =>
        new(title, description, new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(45), "Europe/London", MeetingId);

    [Fact]
    public async Task Linking_goes_through_consent_exchanges_the_code_with_pkce_and_reads_the_user()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<IEnumerable<IOAuthAccountLinker>>().Single(l => l.Provider == ZoomProvider.Key);
        var (verifier, challenge) = ConsentDriver.NewPkce();

        var authorize = linker.BuildAuthorizationUri(RedirectUri, "state-123", challenge, loginHint: "ignored@example.com");
        var callback = await ConsentDriver.ApproveZoomAsync(harness.Base, authorize, AdapterHarness.Ada.Email);
        var tokens = await linker.ExchangeCodeAsync(callback["code"], RedirectUri, verifier, AdapterHarness.Ct);
        var account = await linker.GetAccountAsync(tokens.Value!.AccessToken, AdapterHarness.Ct);

        Assert.Contains("response_type=code", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        Assert.Equal("state-123", callback["state"]);
        Assert.True(tokens.IsSuccess);
        Assert.NotNull(tokens.Value.RefreshToken);
        Assert.Equal("meeting:write meeting:read user:read", tokens.Value.Scopes);
        Assert.InRange(tokens.Value.ExpiresAtUtc, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.True(account.IsSuccess);
        Assert.Equal(AdapterHarness.Ada.Email, account.Value!.Email);
        Assert.Equal("Ada Lovelace", account.Value.DisplayName);
        Assert.Equal(harness.State.GetZoomUsers().Single(u => u.Email == AdapterHarness.Ada.Email).Id, account.Value.ExternalId);
        Assert.Equal(1, harness.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_rejected_not_reconnect_needed()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<ZoomOAuthLinker>();
        var (_, challenge) = ConsentDriver.NewPkce();
        var callback = await ConsentDriver.ApproveZoomAsync(harness.Base, linker.BuildAuthorizationUri(RedirectUri, "s", challenge, null), AdapterHarness.Ada.Email);

        var tokens = await linker.ExchangeCodeAsync(callback["code"], RedirectUri, ConsentDriver.NewPkce().Verifier, AdapterHarness.Ct);

        Assert.Equal(ProviderFailureKind.Rejected, tokens.Failure?.Kind);
    }

    [Fact]
    public async Task Refresh_returns_the_rotated_refresh_token_and_the_old_one_then_needs_a_reconnect()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<ZoomOAuthLinker>();
        var issued = harness.State.IssueTokens(SandboxProvider.Zoom, AdapterHarness.Ada.Email);

        var refreshed = await linker.RefreshAsync(issued.RefreshToken!, AdapterHarness.Ct);
        var again = await linker.RefreshAsync(issued.RefreshToken!, AdapterHarness.Ct);

        Assert.True(refreshed.IsSuccess);
        Assert.NotEqual(issued.AccessToken, refreshed.Value!.AccessToken);
        Assert.NotNull(refreshed.Value.RefreshToken);
        Assert.NotEqual(issued.RefreshToken, refreshed.Value.RefreshToken);
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, again.Failure?.Kind);
    }

    [Fact]
    public async Task Revoke_ends_the_grant()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<ZoomOAuthLinker>();
        var issued = harness.State.IssueTokens(SandboxProvider.Zoom, AdapterHarness.Ada.Email);

        var revoked = await linker.RevokeAsync(issued.RefreshToken!, AdapterHarness.Ct);

        Assert.True(revoked.IsSuccess);
        Assert.True(Assert.Single(harness.State.GetGrants(SandboxProvider.Zoom)).Revoked);
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, (await linker.RefreshAsync(issued.RefreshToken!, AdapterHarness.Ct)).Failure?.Kind);
    }

    [Fact]
    public async Task Meetings_are_created_read_updated_and_deleted_with_zoom_fields()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));
        Assert.True(created.IsSuccess, created.Failure?.Message);
        var stored = Assert.Single(harness.State.GetZoomMeetings());
        Assert.Equal(stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), created.Value!.ProviderMeetingId);
        Assert.Equal(stored.JoinUrl, created.Value.JoinUrl);
        Assert.Equal("Expert call: market sizing", stored.Topic);
        Assert.Equal(2, stored.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), stored.StartTime);
        Assert.Equal(45, stored.Duration);
        Assert.Equal("Europe/London", stored.Timezone);
        Assert.Equal("Discuss the brief." + ZoomMeetingProvider.Tag(MeetingId), stored.Agenda);
        Assert.Equal(TimeSpan.FromMinutes(45), created.Value.Duration);

        var moved = Meeting("Expert call (moved)", "New agenda") with { StartUtc = new DateTimeOffset(2026, 3, 11, 8, 30, 0, TimeSpan.Zero), Duration = TimeSpan.FromMinutes(60) };
        var updated = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().UpdateMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, moved, AdapterHarness.Ct));
        var read = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));
        Assert.True(updated.IsSuccess, updated.Failure?.Message);
        Assert.Equal("Expert call (moved)", read.Value!.Title);
        Assert.Equal(moved.StartUtc, read.Value.StartUtc);
        Assert.Equal(TimeSpan.FromMinutes(60), read.Value.Duration);
        Assert.Equal("New agenda" + ZoomMeetingProvider.Tag(MeetingId), Assert.Single(harness.State.GetZoomMeetings()).Agenda);

        var deleted = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().DeleteMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));
        var deletedAgain = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().DeleteMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));
        var gone = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));
        Assert.True(deleted.IsSuccess);
        Assert.True(deletedAgain.IsSuccess, "a meeting already gone counts as deleted");
        Assert.Equal(ProviderFailureKind.NotFound, gone.Failure?.Kind);
        Assert.Empty(harness.State.GetZoomMeetings());
    }

    [Fact]
    public async Task A_meeting_made_for_an_insightgig_meeting_is_found_by_its_tag_among_look_alikes_and_nothing_else_is()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        // A description longer than the 250 characters a list item carries: the tag is only in the full agenda.
        var ours = Meeting(description: new string('d', 600));
        var twin = ours with { MeetingId = Guid.Parse("11111111-2222-4333-8444-555555555555") }; // same topic and start, another meeting
        var elsewhere = ours with { StartUtc = ours.StartUtc.AddHours(1), MeetingId = Guid.Parse("99999999-2222-4333-8444-555555555555") };
        foreach (var request in new[] { twin, ours, elsewhere })
        {
            Assert.True((await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, request, AdapterHarness.Ct))).IsSuccess);
        }

        var ourId = harness.State.GetZoomMeetings().Single(z => z.Agenda!.EndsWith(ZoomMeetingProvider.Tag(MeetingId), StringComparison.Ordinal)).Id;
        var found = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().FindMeetingMadeForAsync(person.PersonId, ours, AdapterHarness.Ct));
        var none = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().FindMeetingMadeForAsync(person.PersonId, ours with { MeetingId = Guid.NewGuid() }, AdapterHarness.Ct));

        Assert.True(found.IsSuccess, found.Failure?.Message);
        Assert.Equal(ourId.ToString(System.Globalization.CultureInfo.InvariantCulture), found.Value?.ProviderMeetingId);
        Assert.Equal(harness.State.GetZoomMeetings().Single(z => z.Id == ourId).JoinUrl, found.Value!.JoinUrl);
        Assert.True(none.IsSuccess, none.Failure?.Message);
        Assert.Null(none.Value);
    }

    [Fact]
    public async Task A_search_for_a_lost_meeting_that_zoom_does_not_answer_is_a_failure_never_none()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        Assert.True((await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct))).IsSuccess);
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 500 });

        var found = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().FindMeetingMadeForAsync(person.PersonId, Meeting(), AdapterHarness.Ct));

        Assert.False(found.IsSuccess, "a search that could not read Zoom must not say there is no meeting");
        Assert.Equal(ProviderFailureKind.Transient, found.Failure!.Kind);
    }

    [Fact]
    public async Task The_agenda_is_cut_to_zooms_2000_characters_and_accepted()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(
            person.PersonId, Meeting(new string('T', 250), new string('a', 2500)), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        var stored = Assert.Single(harness.State.GetZoomMeetings());
        Assert.Equal(2000, stored.Agenda!.Length);
        Assert.EndsWith(ZoomMeetingProvider.Tag(MeetingId), stored.Agenda, StringComparison.Ordinal); // the description gives way to the tag
        Assert.Equal(200, stored.Topic.Length);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 1, FailNext = 1 });

        var watch = Stopwatch.StartNew();
        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));
        watch.Stop();

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited {watch.Elapsed}");
        Assert.Equal([429, 201], harness.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/meetings", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Single(harness.State.GetZoomMeetings());
    }

    [Fact]
    public async Task A_retry_after_longer_than_we_wait_comes_back_as_transient_with_the_delay()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 120, FailNext = 1 });

        var read = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, "85123456789", AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), read.Failure!.RetryAfter);
        Assert.Equal(1, harness.RequestCount("GET", "/meetings/85123456789"));
    }

    [Theory]
    [InlineData(429, false)]
    [InlineData(503, true)]
    public async Task Only_provider_faults_open_the_circuit_breaker_not_a_burst_of_rate_limits(int status, bool opens)
    {
        // A 429 is a rate limit (often one user's): a burst of them must not refuse everybody's calls. 503s, the provider
        // being down, open the breaker (the standard handler: 10 % failures over at least 100 calls).
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));
        var path = "/meetings/" + created.Value!.ProviderMeetingId;
        // A Retry-After longer than a call waits: each call fails at once, without retries.
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = status, RetryAfterSeconds = 120, FailNext = 120 });
        for (var i = 0; i < 120; i++)
        {
            var refused = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));
            Assert.Equal(ProviderFailureKind.Transient, refused.Failure?.Kind);
        }

        var reached = harness.RequestCount("GET", path);
        var after = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, created.Value.ProviderMeetingId, AdapterHarness.Ct));

        if (opens)
        {
            // Open after 100 calls: the rest of the burst and the next call never reach Zoom.
            Assert.InRange(reached, 90, 100);
            Assert.Equal(ProviderFailureKind.Transient, after.Failure?.Kind);
            Assert.Equal(reached, harness.RequestCount("GET", path));
        }
        else
        {
            Assert.Equal(120, reached);
            Assert.True(after.IsSuccess, after.Failure?.Message);
            Assert.Equal(121, harness.RequestCount("GET", path));
        }
    }

    [Fact]
    public async Task A_503_is_retried_even_for_a_create()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 2 });

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal(3, harness.RequestCount("POST", "/users/me/meetings"));
        Assert.Single(harness.State.GetZoomMeetings());
    }

    [Fact]
    public async Task A_create_that_timed_out_is_not_sent_again()
    {
        await using var harness = await AdapterHarness.StartAsync(http: new Dictionary<string, string> { ["AttemptTimeout"] = "00:00:01" });
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Hang = true, FailNext = 1 });

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Transient, created.Failure?.Kind);
        await WaitUntilAsync(() => harness.RequestCount("POST", "/users/me/meetings") >= 1);
        await Task.Delay(300, AdapterHarness.Ct);
        Assert.Equal(1, harness.RequestCount("POST", "/users/me/meetings"));
    }

    [Fact]
    public async Task A_hung_call_times_out_on_the_wall_clock_while_the_apps_clock_is_frozen()
    {
        // The app's clock stands still (as in tests and the benchmark's simulated time); HTTP time-outs must not wait for it.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await AdapterHarness.StartAsync(
            http: new Dictionary<string, string> { ["AttemptTimeout"] = "00:00:01", ["TotalTimeout"] = "00:00:04" }, clock: frozen);
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Hang = true });

        // Far longer than the time-outs allow: only a call that never times out is cut by it (the sandbox hangs for 100 s).
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(AdapterHarness.Ct);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        var read = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, "85123456789", patience.Token));

        Assert.False(patience.IsCancellationRequested, "the call ran until the test's own patience ran out: its time-outs never elapsed");
        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
    }

    [Fact]
    public async Task A_create_answered_500_is_not_sent_again_but_a_read_is()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 2 });

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));
        var read = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().GetMeetingAsync(person.PersonId, "85123456789", AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Transient, created.Failure?.Kind);
        Assert.Equal(1, harness.RequestCount("POST", "/users/me/meetings"));
        Assert.Equal(ProviderFailureKind.NotFound, read.Failure?.Kind);
        Assert.Equal(2, harness.RequestCount("GET", "/meetings/85123456789"));
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_tries_again()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.ExpireAccessTokens(SandboxProvider.Zoom); // our record still says it is good for an hour

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(person.PersonId, Meeting(), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal([401, 201], harness.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/meetings", StringComparison.Ordinal)).Select(r => r.Status));
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.NotNull(connection.LastRefreshedAtUtc);
    }

    [Fact]
    public async Task Without_a_connection_nothing_is_sent()
    {
        await using var harness = await AdapterHarness.StartAsync();

        var created = await harness.InScopeAsync(sp => sp.Get<IVideoMeetingProvider>().CreateMeetingAsync(Guid.NewGuid(), Meeting(), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.NotConnected, created.Failure?.Kind);
        Assert.Empty(harness.State.GetRequestLog());
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, AdapterHarness.Ct);
        }
    }
}

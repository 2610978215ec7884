using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Tests.Support;
using InsightGig.ProviderSandbox;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.Infrastructure.Tests;

public sealed class GoogleAdapterTests
{
    private static readonly Uri RedirectUri = new("http://localhost:5080/integrations/google/callback");

    private static CalendarEventRequest Event(string id, bool meet = false) => new(
        id,
        "Expert call: market sizing",
        "Discuss the brief.",
        Location: null,
        new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 10, 15, 45, 0, TimeSpan.Zero),
        "Europe/Zurich",
        [new CalendarAttendee(AdapterHarness.Grace.Email, "Grace Hopper")],
        CreateConference: meet);

    [Fact]
    public async Task Linking_asks_for_offline_access_with_pkce_and_reads_the_account()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<IEnumerable<IOAuthAccountLinker>>().Single(l => l.Provider == GoogleProvider.Key);
        var (verifier, challenge) = ConsentDriver.NewPkce();

        var authorize = linker.BuildAuthorizationUri(RedirectUri, "state-9", challenge, AdapterHarness.Ada.Email);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        var callback = await ConsentDriver.ApproveGoogleAsync(harness.Base, authorize, AdapterHarness.Ada.Email);
        var tokens = await linker.ExchangeCodeAsync(callback["code"], RedirectUri, verifier, AdapterHarness.Ct);
        var account = await linker.GetAccountAsync(tokens.Value!.AccessToken, AdapterHarness.Ct);
        var refreshed = await linker.RefreshAsync(tokens.Value.RefreshToken!, AdapterHarness.Ct);

        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("true", query["include_granted_scopes"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(challenge, query["code_challenge"]);
        Assert.Equal(AdapterHarness.Ada.Email, query["login_hint"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("state-9", callback["state"]);
        Assert.True(tokens.IsSuccess, tokens.Failure?.Message);
        Assert.NotNull(tokens.Value.RefreshToken);
        Assert.Contains("https://www.googleapis.com/auth/calendar.events", tokens.Value.Scopes.Split(' '));
        Assert.Equal(AdapterHarness.Ada.Email, account.Value!.Email);
        Assert.Equal("Ada Lovelace", account.Value.DisplayName);
        Assert.Equal(harness.State.GetGoogleAccounts().Single(a => a.Email == AdapterHarness.Ada.Email).Sub, account.Value.ExternalId);
        Assert.True(refreshed.IsSuccess, refreshed.Failure?.Message);
        Assert.Null(refreshed.Value!.RefreshToken);
        Assert.NotEqual(tokens.Value.AccessToken, refreshed.Value.AccessToken);
    }

    [Fact]
    public async Task Refreshing_a_revoked_grant_needs_a_reconnect_and_revoking_twice_is_fine()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<GoogleOAuthLinker>();
        var issued = harness.State.IssueTokens(SandboxProvider.Google, AdapterHarness.Ada.Email);

        var revoked = await linker.RevokeAsync(issued.RefreshToken!, AdapterHarness.Ct);
        var revokedAgain = await linker.RevokeAsync(issued.RefreshToken!, AdapterHarness.Ct);
        var refreshed = await linker.RefreshAsync(issued.RefreshToken!, AdapterHarness.Ct);

        Assert.True(revoked.IsSuccess);
        Assert.True(revokedAgain.IsSuccess);
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, refreshed.Failure?.Kind);
    }

    [Fact]
    public async Task An_event_is_inserted_with_our_id_invites_and_a_meet_conference()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0001", meet: true), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        var stored = Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
        Assert.Equal("ig0meeting0001", stored.Id);
        Assert.Equal("ig0meeting0001", created.Value!.EventId);
        Assert.Equal("Expert call: market sizing", stored.Summary);
        Assert.Equal([AdapterHarness.Grace.Email], stored.AttendeeEmails);
        var notification = Assert.Single(stored.Notifications);
        Assert.Equal("all", notification.SendUpdates);
        Assert.True(notification.Explicit);
        Assert.Equal("2026-03-10T16:00:00+01:00", stored.Resource["start"]!["dateTime"]!.ToString());
        Assert.Equal("Europe/Zurich", stored.Resource["start"]!["timeZone"]!.ToString());
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), created.Value.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 45, 0, TimeSpan.Zero), created.Value.EndUtc);
        Assert.Equal(ConferenceStatus.Ready, created.Value.ConferenceStatus);
        Assert.NotNull(created.Value.ConferenceJoinUrl);
        Assert.Equal(stored.HangoutLink, created.Value.ConferenceJoinUrl);
        Assert.Equal(stored.ETag, created.Value.ETag);
        Assert.Equal("needsAction", Assert.Single(created.Value.Attendees).ResponseStatus);
    }

    [Fact]
    public async Task A_hidden_guest_list_is_sent_as_guests_cannot_see_other_guests_and_an_update_shows_it_again()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(
            person.PersonId, Event("ig0meeting0010") with { HideGuestList = true }, AdapterHarness.Ct));
        var hidden = Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
        var shownAgain = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().UpdateEventAsync(
            person.PersonId, Event("ig0meeting0010"), AdapterHarness.Ct));
        var shown = Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.False(hidden.Resource["guestsCanSeeOtherGuests"]!.GetValue<bool>());
        Assert.False(hidden.GuestsCanSeeOtherGuests);
        Assert.True(shownAgain.IsSuccess, shownAgain.Failure?.Message);
        // A PATCH keeps what it does not send: the update must say true for the guests to see the list again.
        Assert.True(shown.Resource["guestsCanSeeOtherGuests"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_slow_meet_conference_is_pending_until_google_has_it()
    {
        await using var harness = await AdapterHarness.StartAsync(o => o.MeetConferencePendingDelay = TimeSpan.FromHours(1));
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0002", meet: true), AdapterHarness.Ct));

        Assert.Equal(ConferenceStatus.Pending, created.Value!.ConferenceStatus);
        Assert.Null(created.Value.ConferenceJoinUrl);
    }

    [Fact]
    public async Task Inserting_the_same_id_again_answers_conflict_and_get_finds_the_first()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var calendar = (Func<IServiceProvider, ICalendarProvider>)(sp => sp.Get<GoogleCalendarProvider>());

        var first = await harness.InScopeAsync(sp => calendar(sp).CreateEventAsync(person.PersonId, Event("ig0meeting0003"), AdapterHarness.Ct));
        var second = await harness.InScopeAsync(sp => calendar(sp).CreateEventAsync(person.PersonId, Event("ig0meeting0003"), AdapterHarness.Ct));
        var found = await harness.InScopeAsync(sp => calendar(sp).GetEventAsync(person.PersonId, "ig0meeting0003", AdapterHarness.Ct));

        Assert.True(first.IsSuccess, first.Failure?.Message);
        Assert.Equal(ProviderFailureKind.Conflict, second.Failure?.Kind);
        Assert.Equal(first.Value!.EventId, found.Value!.EventId);
        Assert.Equal(ConferenceStatus.None, found.Value.ConferenceStatus);
        Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
    }

    [Fact]
    public async Task An_update_patches_the_event_and_keeps_its_meet_conference()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(
            person.PersonId, Event("ig0meeting0004", meet: true) with { Location = "Room 4" }, AdapterHarness.Ct));

        var moved = Event("ig0meeting0004", meet: true) with
        {
            Title = "Expert call (moved)",
            StartUtc = new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.Zero),
            EndUtc = new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero),
            Attendees = [new CalendarAttendee(AdapterHarness.Grace.Email, null), new CalendarAttendee("alan@example.com", "Alan Turing")],
        };
        var updated = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().UpdateEventAsync(person.PersonId, moved, AdapterHarness.Ct));

        Assert.True(updated.IsSuccess, updated.Failure?.Message);
        var stored = Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
        Assert.Equal("Expert call (moved)", stored.Summary);
        Assert.Equal(moved.StartUtc, updated.Value!.StartUtc);
        Assert.Equal(2, stored.AttendeeEmails.Count);
        Assert.True(string.IsNullOrEmpty(stored.Resource["location"]?.ToString()), "the old location is cleared");
        Assert.Equal(created.Value!.ConferenceJoinUrl, updated.Value.ConferenceJoinUrl);
        Assert.Equal(["insert", "patch"], stored.Notifications.Select(n => n.Operation));
        Assert.All(stored.Notifications, n => Assert.Equal("all", n.SendUpdates));
    }

    [Fact]
    public async Task Delete_cancels_the_event_for_everyone_and_an_event_already_gone_counts_as_deleted()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0005"), AdapterHarness.Ct));

        var deleted = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().DeleteEventAsync(person.PersonId, "ig0meeting0005", AdapterHarness.Ct));
        var again = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().DeleteEventAsync(person.PersonId, "ig0meeting0005", AdapterHarness.Ct));
        var never = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().DeleteEventAsync(person.PersonId, "ig0nosuchevent", AdapterHarness.Ct));

        Assert.True(deleted.IsSuccess, deleted.Failure?.Message);
        Assert.True(again.IsSuccess, again.Failure?.Message);
        Assert.True(never.IsSuccess, never.Failure?.Message);
        var stored = Assert.Single(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
        Assert.Equal("cancelled", stored.Status);
        Assert.Equal("all", stored.Notifications[^1].SendUpdates);
    }

    [Fact]
    public async Task A_grant_without_calendar_access_needs_a_reconnect()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1), scopes: ["openid", "email", "profile"]);

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0006"), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.ReconnectNeeded, created.Failure?.Kind);
        Assert.Contains("calendar", created.Failure!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_expired_grant_that_google_refuses_to_refresh_marks_the_connection_reconnect_needed()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(-5));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, InvalidGrant = true });

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0007"), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.ReconnectNeeded, created.Failure?.Kind);
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, connection.Status);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Empty(harness.State.GetCalendarEvents(AdapterHarness.Ada.Email));
    }

    [Fact]
    public async Task A_401_from_calendar_renews_the_token_once_and_tries_again()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.ExpireAccessTokens(SandboxProvider.Google);

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0008"), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Google, "refresh_token"));
        Assert.Equal([401, 200], harness.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal)).Select(r => r.Status));
    }

    [Fact]
    public async Task Calendar_503s_are_retried_by_our_pipeline_only()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 2 });

        var created = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().CreateEventAsync(person.PersonId, Event("ig0meeting0009"), AdapterHarness.Ct));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 20 });
        var read = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().GetEventAsync(person.PersonId, "ig0meeting0009", AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal([503, 503, 200], harness.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
        Assert.Equal(4, harness.RequestCount("GET", "/events/ig0meeting0009")); // 1 + MaxRetryAttempts (3): Google.Apis adds none of its own
    }

    [Fact]
    public async Task A_long_rate_limit_comes_back_as_transient_with_googles_retry_after()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 60, FailNext = 1 });

        var read = await harness.InScopeAsync(sp => sp.Get<GoogleCalendarProvider>().GetEventAsync(person.PersonId, "ig0meeting0010", AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), read.Failure!.RetryAfter);
        Assert.Equal(1, harness.RequestCount("GET", "/events/ig0meeting0010"));
    }
}

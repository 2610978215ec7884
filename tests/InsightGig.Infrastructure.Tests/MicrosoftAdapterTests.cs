using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Microsoft365;
using InsightGig.Infrastructure.Tests.Support;
using InsightGig.ProviderSandbox;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Tests;

/// <summary>The Microsoft unit over real HTTP against the provider sandbox's identity platform and Graph endpoints.</summary>
public sealed class MicrosoftAdapterTests
{
    private static readonly Uri RedirectUri = new("http://localhost:5080/integrations/microsoft/callback");

    private static readonly SandboxAccount Personal = new("ada.personal@outlook.com", "Ada (personal)");

    private static CalendarEventRequest Event(string id, bool teams = false, string? location = null) => new(
        id,
        "Expert call: market sizing",
        "Discuss the brief.",
        location,
        new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 10, 15, 45, 0, TimeSpan.Zero),
        "Europe/Zurich",
        [new CalendarAttendee(AdapterHarness.Grace.Email, "Grace Hopper")],
        CreateConference: teams);

    private static Task<T> Outlook<T>(AdapterHarness harness, Func<OutlookCalendarProvider, Task<T>> call) =>
        harness.InScopeAsync(sp => call(sp.Get<OutlookCalendarProvider>()));

    [Fact]
    public void The_consent_url_asks_for_the_calendar_with_pkce_on_the_configured_tenant()
    {
        var linker = new MicrosoftOAuthLinker(new HttpClient(), null!, Microsoft.Extensions.Options.Options.Create(new MicrosoftOptions
        {
            ClientId = "app-id", ClientSecret = "secret", Tenant = "organizations",
        }), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<MicrosoftOAuthLinker>.Instance);

        var authorize = linker.BuildAuthorizationUri(RedirectUri, "state-9", "challenge-1", "ada@example.com");
        var query = QueryHelpers.ParseQuery(authorize.Query);

        Assert.Equal("https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal("app-id", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(RedirectUri.AbsoluteUri, query["redirect_uri"]);
        Assert.Equal("offline_access User.Read Calendars.ReadWrite", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("challenge-1", query["code_challenge"]);
        Assert.Equal("state-9", query["state"]);
        Assert.Equal("ada@example.com", query["login_hint"]);
    }

    [Fact]
    public void A_microsoft_account_with_another_email_is_refused_with_the_same_words_as_zoom()
    {
        var linker = new MicrosoftOAuthLinker(new HttpClient(), null!, Microsoft.Extensions.Options.Options.Create(new MicrosoftOptions()),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<MicrosoftOAuthLinker>.Instance);
        var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Clara Client", "clara.client@northwind.example", "Europe/London", organisationId: null);
        var tokens = new OAuthTokens("a", "r", DateTimeOffset.UtcNow.AddHours(1), "Calendars.ReadWrite");

        var refused = linker.CheckAccount(new LinkCandidate(person, new LinkedAccount("1", "clara@contoso.example", null), tokens));
        var kept = linker.CheckAccount(new LinkCandidate(person, new LinkedAccount("1", "Clara.Client@Northwind.example ", null), tokens));

        Assert.NotNull(refused);
        Assert.Equal(
            "Your Microsoft account uses clara@contoso.example, but your InsightGig email is clara.client@northwind.example. The email you use to log in " +
            "to Microsoft should be the same as your InsightGig email. Nothing was linked: sign in to Microsoft with clara.client@northwind.example and try again.",
            refused.Message);
        Assert.Null(kept);
    }

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token_and_the_account_is_read_from_graph()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var linker = harness.Get<MicrosoftOAuthLinker>();
        var issued = harness.State.IssueTokens(SandboxProvider.Microsoft, AdapterHarness.Ada.Email);

        var refreshed = await linker.RefreshAsync(issued.RefreshToken!, AdapterHarness.Ct);
        var account = await linker.GetAccountAsync(refreshed.Value!.AccessToken, AdapterHarness.Ct);

        Assert.True(refreshed.IsSuccess, refreshed.Failure?.Message);
        Assert.NotNull(refreshed.Value.RefreshToken);
        Assert.NotEqual(issued.RefreshToken, refreshed.Value.RefreshToken);
        Assert.True(account.IsSuccess, account.Failure?.Message);
        Assert.Equal(AdapterHarness.Ada.Email, account.Value!.Email);
        Assert.Equal(harness.State.GetMicrosoftAccounts().Single(a => a.Email == AdapterHarness.Ada.Email).Id, account.Value.ExternalId);
    }

    [Fact]
    public async Task A_teams_event_invites_everyone_and_a_retried_create_answers_the_same_event()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0001", teams: true), AdapterHarness.Ct));
        var again = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0001", teams: true), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal(ConferenceStatus.Ready, created.Value!.ConferenceStatus);
        Assert.StartsWith("https://", created.Value.ConferenceJoinUrl, StringComparison.Ordinal);
        Assert.Equal(created.Value.EventId, again.Value!.EventId);
        var stored = Assert.Single(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));
        Assert.Equal(created.Value.EventId, stored.Id);
        Assert.Equal(stored.ICalUId, created.Value.ICalUid);
        Assert.Equal("ig0meeting0001", stored.TransactionId);
        Assert.True(stored.IsOnlineMeeting);
        Assert.Equal("teamsForBusiness", stored.OnlineMeetingProvider);
        Assert.Equal(created.Value.ConferenceJoinUrl, stored.JoinUrl);
        Assert.Equal([AdapterHarness.Grace.Email], stored.Attendees.Select(a => a.Email));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), stored.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 45, 0, TimeSpan.Zero), created.Value.EndUtc);
    }

    [Fact]
    public async Task An_outlook_attendees_accept_tentative_and_decline_land_on_the_organizers_event_and_a_repeat_sends_nothing()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var grace = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Grace, TimeSpan.FromHours(1));
        var created = await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0answer0001"), AdapterHarness.Ct));
        Assert.True(created.IsSuccess, created.Failure?.Message);
        string GraceAnswer() => harness.State.GetOutlookEvents(AdapterHarness.Ada.Email).Single().Attendees.Single(a => a.Email == AdapterHarness.Grace.Email).Response;

        foreach ((var response, var graph) in new[]
        {
            (Domain.Meetings.ResponseStatus.Accepted, "accepted"),
            (Domain.Meetings.ResponseStatus.Tentative, "tentativelyAccepted"),
            (Domain.Meetings.ResponseStatus.Declined, "declined"),
        })
        {
            var answered = await Outlook(harness, o => o.RespondAsAttendeeAsync(grace.PersonId, created.Value!.ICalUid!, response, AdapterHarness.Ct));

            Assert.True(answered.IsSuccess, answered.Failure?.Message);
            Assert.Equal(graph, GraceAnswer());
        }

        var again = await Outlook(harness, o => o.RespondAsAttendeeAsync(grace.PersonId, created.Value!.ICalUid!, Domain.Meetings.ResponseStatus.Declined, AdapterHarness.Ct));

        Assert.True(again.IsSuccess, again.Failure?.Message);
        Assert.Equal(1, harness.RequestCount("POST", "/accept"));
        Assert.Equal(1, harness.RequestCount("POST", "/tentativelyAccept"));
        Assert.Equal(1, harness.RequestCount("POST", "/decline")); // the copy already reads declined: nothing is sent again
    }

    [Fact]
    public async Task An_invitation_missing_from_the_participants_outlook_is_not_found_and_the_organizer_never_answers_their_own_event()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var grace = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Grace, TimeSpan.FromHours(1));
        var uninvited = await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0answer0002") with { Attendees = [] }, AdapterHarness.Ct));
        Assert.True(uninvited.IsSuccess, uninvited.Failure?.Message);

        var notInvited = await Outlook(harness, o => o.RespondAsAttendeeAsync(grace.PersonId, uninvited.Value!.ICalUid!, Domain.Meetings.ResponseStatus.Accepted, AdapterHarness.Ct));
        var unknown = await Outlook(harness, o => o.RespondAsAttendeeAsync(grace.PersonId, "040000008200E00074C5B7101A82E008000000001234'5", Domain.Meetings.ResponseStatus.Accepted, AdapterHarness.Ct));
        var organizers = await Outlook(harness, o => o.RespondAsAttendeeAsync(ada.PersonId, uninvited.Value!.ICalUid!, Domain.Meetings.ResponseStatus.Declined, AdapterHarness.Ct));

        // NotFound: AnswerWriter keeps the answer in InsightGig and does not retry.
        Assert.Equal(ProviderFailureKind.NotFound, notInvited.Failure?.Kind);
        Assert.Equal(ProviderFailureKind.NotFound, unknown.Failure?.Kind);
        Assert.Equal(ProviderFailureKind.NotFound, organizers.Failure?.Kind);
        Assert.Equal(3, harness.RequestCount("GET", "/me/events"));
        Assert.Equal(0, harness.State.GetRequestLog().Count(r => r.Method == "POST" && r.Path.Contains("/me/events/", StringComparison.Ordinal)));
        Assert.False(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email).Single().Removed);
    }

    [Fact]
    public async Task A_personal_account_cannot_host_teams_and_is_told_so_before_anything_is_made()
    {
        await using var harness = await AdapterHarness.StartAsync(options => options.KnownAccounts.Add(Personal));
        var person = await harness.LinkAsync(MicrosoftProvider.Key, Personal, TimeSpan.FromHours(1));

        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0002", teams: true), AdapterHarness.Ct));
        var plain = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0003", location: "https://zoom.example/j/1"), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Rejected, created.Failure?.Kind);
        Assert.Contains("cannot host Microsoft Teams meetings", created.Failure!.Message, StringComparison.Ordinal);
        Assert.True(plain.IsSuccess, plain.Failure?.Message);
        var stored = Assert.Single(harness.State.GetOutlookEvents(Personal.Email));
        Assert.Equal("ig0meeting0003", stored.TransactionId);
        Assert.False(stored.IsOnlineMeeting);
    }

    [Fact]
    public async Task A_hidden_guest_list_is_sent_as_hide_attendees_and_an_update_shows_it_again()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0010", teams: true) with { HideGuestList = true }, AdapterHarness.Ct));
        var hidden = Assert.Single(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));
        var shownAgain = await Outlook(harness, o => o.UpdateEventAsync(person.PersonId, Event(created.Value!.EventId, teams: true), AdapterHarness.Ct));
        var shown = Assert.Single(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.True(hidden.Resource["hideAttendees"]!.GetValue<bool>());
        Assert.True(hidden.HideAttendees);
        Assert.True(shownAgain.IsSuccess, shownAgain.Failure?.Message);
        // A PATCH keeps what it does not send: the update must say false for the attendees to see each other again.
        Assert.False(shown.HideAttendees);
    }

    [Fact]
    public async Task A_zoom_meeting_in_outlook_carries_the_link_is_moved_by_patch_and_cancelled_with_the_organizers_note()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0004", location: "https://zoom.example/j/42"), AdapterHarness.Ct));
        var id = created.Value!.EventId;

        var moved = await Outlook(harness, o => o.UpdateEventAsync(person.PersonId,
            Event(id, location: "https://zoom.example/j/42") with { StartUtc = new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero), EndUtc = new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero) },
            AdapterHarness.Ct));
        var cancelled = await Outlook(harness, o => o.CancelEventAsync(person.PersonId, id, "The expert is ill.", AdapterHarness.Ct));
        var cancelledAgain = await Outlook(harness, o => o.CancelEventAsync(person.PersonId, id, "The expert is ill.", AdapterHarness.Ct));
        var updateAfter = await Outlook(harness, o => o.UpdateEventAsync(person.PersonId, Event(id), AdapterHarness.Ct));

        Assert.True(moved.IsSuccess, moved.Failure?.Message);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero), moved.Value!.StartUtc);
        Assert.NotEqual(created.Value.ETag, moved.Value.ETag);
        Assert.True(cancelled.IsSuccess, cancelled.Failure?.Message);
        Assert.True(cancelledAgain.IsSuccess, cancelledAgain.Failure?.Message);
        Assert.Equal(ProviderFailureKind.NotFound, updateAfter.Failure?.Kind);
        var stored = Assert.Single(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));
        Assert.Contains("https://zoom.example/j/42", stored.Resource.ToJsonString(), StringComparison.Ordinal);
        Assert.True(stored.Cancelled);
        Assert.Equal("The expert is ill.", stored.CancelComment);
    }

    [Fact]
    public async Task Delta_reads_moves_deletions_and_answers_then_a_lost_delta_token_means_a_full_sync()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            // More than one delta page of the sandbox (10 by default).
            var made = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event($"ig0meeting01{i:00}"), AdapterHarness.Ct));
            ids.Add(made.Value!.EventId);
        }

        var full = await Outlook(harness, o => o.ListChangesAsync(person.PersonId, null, from, AdapterHarness.Ct));
        Assert.True(full.IsSuccess, full.Failure?.Message);
        harness.State.MoveOutlookEvent(AdapterHarness.Ada.Email, ids[0], new DateTimeOffset(2026, 3, 12, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        harness.State.DeleteOutlookEvent(AdapterHarness.Ada.Email, ids[1]);
        harness.State.RespondToOutlookEvent(ids[2], AdapterHarness.Grace.Email, "tentativelyAccepted");
        var incremental = await Outlook(harness, o => o.ListChangesAsync(person.PersonId, full.Value!.NextSyncToken, from, AdapterHarness.Ct));
        harness.State.ExpireDeltaTokens();
        var gone = await Outlook(harness, o => o.ListChangesAsync(person.PersonId, incremental.Value!.NextSyncToken, from, AdapterHarness.Ct));

        Assert.True(full.IsSuccess, full.Failure?.Message);
        Assert.Equal(ids.Order(), full.Value!.Events.Select(e => e.EventId).Order());
        Assert.NotNull(full.Value.NextSyncToken);
        Assert.True(incremental.IsSuccess, incremental.Failure?.Message);
        var changes = incremental.Value!.Events.GroupBy(e => e.EventId).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 8, 0, 0, TimeSpan.Zero), changes[ids[0]].StartUtc);
        Assert.True(changes[ids[1]].Cancelled);
        Assert.Equal("tentative", Assert.Single(changes[ids[2]].Attendees).ResponseStatus);
        Assert.DoesNotContain(ids[3], changes.Keys);
        Assert.True(gone.IsSuccess, gone.Failure?.Message);
        Assert.True(gone.Value!.FullSyncRequired);
    }

    [Fact]
    public async Task A_short_429_is_waited_out_as_retry_after_says_and_a_long_one_comes_back_with_graphs_delay()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0005"), AdapterHarness.Ct));
        var path = "/me/events/" + created.Value!.EventId;

        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 1, FailNext = 1 });
        var waited = await Outlook(harness, o => o.GetEventAsync(person.PersonId, created.Value.EventId, AdapterHarness.Ct));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Status = 429, RetryAfterSeconds = 60, FailNext = 1 });
        var refused = await Outlook(harness, o => o.GetEventAsync(person.PersonId, created.Value.EventId, AdapterHarness.Ct));

        Assert.True(waited.IsSuccess, waited.Failure?.Message);
        Assert.Equal(ProviderFailureKind.Transient, refused.Failure?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Failure!.RetryAfter);
        Assert.Equal([429, 200, 429], harness.State.GetRequestLog().Where(r => r.Method == "GET" && r.Path.EndsWith(path, StringComparison.Ordinal)).Select(r => r.Status));
    }

    [Fact]
    public async Task Graph_503s_are_retried_by_our_pipeline_only_and_a_create_with_transaction_id_is_safe_to_resend()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 2 });
        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0006"), AdapterHarness.Ct));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Status = 503, FailNext = 20 });
        var read = await Outlook(harness, o => o.GetEventAsync(person.PersonId, created.Value!.EventId, AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal([503, 503, 201], harness.State.GetRequestLog().Where(r => r.Method == "POST" && r.Path.EndsWith("/me/events", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Single(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));
        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
        Assert.Equal(4, harness.RequestCount("GET", "/me/events/" + created.Value!.EventId)); // 1 + MaxRetryAttempts (3): the SDK adds no retries of its own
    }

    [Fact]
    public async Task A_hanging_graph_is_abandoned_after_the_attempt_timeout_as_transient()
    {
        await using var harness = await AdapterHarness.StartAsync(http: new Dictionary<string, string>
        {
            ["AttemptTimeout"] = "00:00:00.500", ["TotalTimeout"] = "00:00:05", ["MaxRetryAttempts"] = "1",
        });
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Hang = true });

        var read = await Outlook(harness, o => o.GetEventAsync(person.PersonId, "AAMkAGnothing", AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.Transient, read.Failure?.Kind);
        Assert.Contains("did not answer in time", read.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_microsoft_refuses_to_refresh_marks_the_connection_reconnect_needed()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(-5));
        harness.State.RevokeMicrosoftGrants(AdapterHarness.Ada.Email);

        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0007", teams: true), AdapterHarness.Ct));

        Assert.Equal(ProviderFailureKind.ReconnectNeeded, created.Failure?.Kind);
        Assert.Contains("sign in with Microsoft again", created.Failure!.Message, StringComparison.OrdinalIgnoreCase);
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, connection.Status);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Empty(harness.State.GetOutlookEvents(AdapterHarness.Ada.Email));
    }

    [Fact]
    public async Task A_refresh_keeps_the_newest_rotated_refresh_token()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(-5));

        var created = await Outlook(harness, o => o.CreateEventAsync(person.PersonId, Event("ig0meeting0008"), AdapterHarness.Ct));

        Assert.True(created.IsSuccess, created.Failure?.Message);
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        var stored = harness.Get<ITokenProtector>().Unprotect(connection.ProtectedRefreshToken!);
        Assert.NotEqual(person.Tokens.RefreshToken, stored);
        var refreshedAgain = await harness.Get<MicrosoftOAuthLinker>().RefreshAsync(stored!, AdapterHarness.Ct);
        Assert.True(refreshedAgain.IsSuccess, refreshedAgain.Failure?.Message);
    }

    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static Task<ProviderResult<IReadOnlyList<BusyRange>>> BusyAsync(AdapterHarness harness, Guid personId, DateTimeOffset from, DateTimeOffset to) =>
        harness.InScopeAsync(sp => sp.GetServices<ICalendarFreeBusy>().Single(a => a.Provider == MicrosoftProvider.Key).GetBusyAsync(personId, from, to, AdapterHarness.Ct));

    private static Task<IReadOnlyList<FreeBusyAnswer>> ReadAsync(AdapterHarness harness, Guid personId, TimeSpan deadline) =>
        new ParallelFreeBusyReader(harness.Get<IServiceScopeFactory>())
            .ReadAsync([new FreeBusyAsk(personId, MicrosoftProvider.Key)], Day, Day.AddDays(1), deadline, AdapterHarness.Ct);

    [Fact]
    public async Task Get_schedule_reads_the_persons_own_mailbox_busy_and_tentative_in_utc_and_nothing_of_other_mailboxes()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var grace = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Grace, TimeSpan.FromHours(1));
        // Ada's own meeting (busy), Grace's invitation Ada has not answered (tentative), Grace's meeting without Ada, and one
        // of Ada's two days later (outside the window).
        await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0busy00001"), AdapterHarness.Ct));
        await Outlook(harness, o => o.CreateEventAsync(grace.PersonId, Event("ig0busy00002") with
        {
            StartUtc = Day.AddHours(8), EndUtc = Day.AddHours(9), TimeZoneId = "America/New_York",
            Attendees = [new CalendarAttendee(AdapterHarness.Ada.Email, "Ada Lovelace")],
        }, AdapterHarness.Ct));
        await Outlook(harness, o => o.CreateEventAsync(grace.PersonId, Event("ig0busy00003") with { StartUtc = Day.AddHours(11), EndUtc = Day.AddHours(12), Attendees = [] }, AdapterHarness.Ct));
        await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0busy00004") with { StartUtc = Day.AddDays(2).AddHours(9), EndUtc = Day.AddDays(2).AddHours(10) }, AdapterHarness.Ct));

        var busy = await BusyAsync(harness, ada.PersonId, Day, Day.AddDays(1));

        Assert.True(busy.IsSuccess, busy.Failure?.Message);
        Assert.Equal(
            [new BusyRange(Day.AddHours(8), Day.AddHours(9)), new BusyRange(Day.AddHours(15), Day.AddHours(15).AddMinutes(45))],
            busy.Value!.OrderBy(b => b.StartUtc));
        Assert.All(busy.Value!, b => Assert.Equal(TimeSpan.Zero, b.StartUtc.Offset));
        Assert.Equal(1, harness.RequestCount("POST", "/me/calendar/getSchedule"));
    }

    [Fact]
    public async Task A_window_longer_than_graphs_62_days_is_read_in_two_asks_graph_accepts()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0busy00005"), AdapterHarness.Ct));
        await Outlook(harness, o => o.CreateEventAsync(ada.PersonId, Event("ig0busy00006") with { StartUtc = Day.AddDays(70), EndUtc = Day.AddDays(70).AddHours(1) }, AdapterHarness.Ct));

        var busy = await BusyAsync(harness, ada.PersonId, Day, Day.AddDays(100));

        Assert.True(busy.IsSuccess, busy.Failure?.Message);
        Assert.Equal([Day.AddHours(15), Day.AddDays(70)], busy.Value!.Select(b => b.StartUtc).Order());
        Assert.Equal([200, 200], harness.State.GetRequestLog().Where(r => r.Path.EndsWith("/me/calendar/getSchedule", StringComparison.Ordinal)).Select(r => r.Status));
    }

    [Fact]
    public async Task A_failing_outlook_is_named_and_a_slow_one_is_named_at_the_deadline()
    {
        await using var harness = await AdapterHarness.StartAsync(http: new Dictionary<string, string> { ["MaxRetryAttempts"] = "1" });
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));

        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 10 });
        var failed = await ReadAsync(harness, ada.PersonId, TimeSpan.FromSeconds(60)); // generous: a loaded machine must not turn the 500s into a timeout
        harness.State.ClearFaults();
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, Target = SandboxFaultTarget.Api, Hang = true });
        var slow = await ReadAsync(harness, ada.PersonId, TimeSpan.FromMilliseconds(500));

        var failure = Assert.Single(failed);
        Assert.Null(failure.Busy);
        Assert.Equal(OutlookCalendarProvider.CalendarDisplayName, failure.CalendarName);
        Assert.Contains("Microsoft Graph is busy or unavailable (500)", failure.Problem, StringComparison.Ordinal);
        var timeout = Assert.Single(slow);
        Assert.Null(timeout.Busy);
        Assert.Equal("Outlook Calendar did not answer in time.", timeout.Problem);
    }

    [Fact]
    public async Task An_expired_token_is_renewed_before_get_schedule_and_a_revoked_grant_asks_to_sign_in_again()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var ada = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(-5));
        var grace = await harness.LinkAsync(MicrosoftProvider.Key, AdapterHarness.Grace, TimeSpan.FromMinutes(-5));
        harness.State.RevokeMicrosoftGrants(AdapterHarness.Grace.Email);

        var renewed = await BusyAsync(harness, ada.PersonId, Day, Day.AddDays(1));
        var revoked = await BusyAsync(harness, grace.PersonId, Day, Day.AddDays(1));

        Assert.True(renewed.IsSuccess, renewed.Failure?.Message);
        Assert.NotEqual(ada.Tokens.RefreshToken, harness.Get<ITokenProtector>().Unprotect((await harness.ConnectionAsync(ada.ConnectionId)).ProtectedRefreshToken!));
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, revoked.Failure?.Kind);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, (await harness.ConnectionAsync(grace.ConnectionId)).Status);
        Assert.Equal(1, harness.RequestCount("POST", "/me/calendar/getSchedule")); // Grace's read never went out
    }

    [Fact]
    public async Task A_mailbox_gets_at_most_four_requests_at_once()
    {
        var gate = new MailboxGate();
        var mailbox = Guid.NewGuid();
        var held = new List<IDisposable>();
        for (var i = 0; i < MailboxGate.ConcurrentRequestsPerMailbox; i++)
        {
            held.Add(await gate.EnterAsync(mailbox, AdapterHarness.Ct));
        }

        var fifth = gate.EnterAsync(mailbox, AdapterHarness.Ct);
        var otherMailbox = gate.EnterAsync(Guid.NewGuid(), AdapterHarness.Ct);

        Assert.False(fifth.IsCompleted);
        Assert.True(otherMailbox.IsCompletedSuccessfully);
        held[0].Dispose();
        held[0].Dispose(); // a second release of the same turn frees nothing more
        using var turn = await fifth;
        Assert.Equal(0, gate.Available(mailbox));
    }
}

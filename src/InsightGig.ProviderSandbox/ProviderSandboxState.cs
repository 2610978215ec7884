using InsightGig.ProviderSandbox.Faults;
using InsightGig.ProviderSandbox.Google;
using InsightGig.ProviderSandbox.Google.Calendar;
using InsightGig.ProviderSandbox.Microsoft365;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Zoom;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// Everything the sandbox holds (one singleton per host; all members are thread-safe), and the C# API tests use to
/// inspect it and to inject faults without going through <c>/_sandbox/...</c>.
/// </summary>
public sealed partial class ProviderSandboxState
{
    internal ProviderSandboxState(ProviderSandboxOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Zoom = new ZoomSandbox(options, time);
        Google = new GoogleSandbox(options, time);
        Microsoft = new MicrosoftSandbox(options, time);
        Pending = new PendingAuthorizationStore(time);
        Zoom.Seed();
        Google.Seed();
        Microsoft.Seed();
    }

    internal ProviderSandboxOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ZoomSandbox Zoom { get; }

    internal GoogleSandbox Google { get; }

    internal PendingAuthorizationStore Pending { get; }

    internal FaultRegistry Faults { get; } = new();

    internal RequestLog Requests { get; } = new();

    internal TokenExchangeCounters Exchanges { get; } = new();

    /// <summary>Adds a fault (see <see cref="SandboxFault"/> for its semantics).</summary>
    /// <exception cref="ArgumentException">The fault has an unsupported status or negative numbers.</exception>
    public SandboxFaultStatus InjectFault(SandboxFault fault) => Faults.Add(fault);

    /// <summary>Removes every fault.</summary>
    public void ClearFaults() => Faults.Clear();

    /// <summary>The faults in force and what is left of them.</summary>
    public IReadOnlyList<SandboxFaultStatus> GetFaults() => Faults.Describe();

    /// <summary>Zoom users (known accounts and everyone who signed in).</summary>
    public IReadOnlyList<ZoomUserInfo> GetZoomUsers() => [.. Zoom.Users.All().Select(user => user.Describe())];

    /// <summary>Zoom meetings of all users, oldest first.</summary>
    public IReadOnlyList<ZoomMeetingInfo> GetZoomMeetings(bool includeDeleted = false) =>
        [.. Zoom.Meetings.Describe().Where(meeting => includeDeleted || !meeting.Deleted)];

    /// <summary>Google accounts (known accounts and everyone who signed in).</summary>
    public IReadOnlyList<GoogleAccountInfo> GetGoogleAccounts() => [.. Google.Accounts.All().Select(account => account.Describe())];

    /// <summary>The events of an account's primary calendar, cancelled ones included; empty for an unknown account.</summary>
    public IReadOnlyList<CalendarEventInfo> GetCalendarEvents(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Google.Accounts.FindByEmail(email) is { } account ? Google.Events.Describe(account.Calendar) : [];
    }

    /// <summary>
    /// The organizer moves an event in Google Calendar (as in its UI, guests notified): new times in the event's zone, a new
    /// sequence, etag and updated time; incremental sync returns it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such account or event, the event is deleted, or the times are invalid.</exception>
    public CalendarEventInfo MoveCalendarEvent(string calendarEmail, string eventId, DateTimeOffset start, DateTimeOffset end) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.MoveAsOrganizer(calendar, eventId, start, end));

    /// <summary>The organizer deletes an event in Google Calendar: it becomes "cancelled" (and so it reads in incremental sync).</summary>
    /// <exception cref="InvalidOperationException">No such account or event, or it is deleted already.</exception>
    public CalendarEventInfo DeleteCalendarEvent(string calendarEmail, string eventId) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.DeleteAsOrganizer(calendar, eventId));

    /// <summary>A guest answers the invitation to an event of <paramref name="calendarEmail"/>'s calendar: accepted, declined, tentative or needsAction.</summary>
    /// <exception cref="InvalidOperationException">No such account, event or guest, the event is deleted, or the answer is unknown.</exception>
    public CalendarEventInfo RespondToCalendarEvent(string calendarEmail, string eventId, string guestEmail, string responseStatus) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.RespondAsGuest(calendar, eventId, guestEmail, responseStatus));

    /// <summary>Runs a person's change on an event and answers it, or the Calendar error it met.</summary>
    internal (CalendarEventInfo? Event, GoogleApiError? Error) TryChangeCalendarEvent(
        string calendarEmail, string eventId, Func<CalendarEventService, GoogleCalendar, CalendarResult> change)
    {
        if (Google.Accounts.FindByEmail(calendarEmail) is not { } account)
        {
            return (null, new GoogleApiError(404, $"There is no Google account {calendarEmail}.", "notFound"));
        }

        CalendarResult result = change(Google.Events, account.Calendar);
        return result.Error is { } error
            ? (null, error)
            : (Google.Events.Describe(account.Calendar).First(e => e.Id == eventId), null);
    }

    private CalendarEventInfo ChangeCalendarEvent(
        string calendarEmail, string eventId, Func<CalendarEventService, GoogleCalendar, CalendarResult> change)
    {
        ArgumentNullException.ThrowIfNull(calendarEmail);
        ArgumentNullException.ThrowIfNull(eventId);
        (CalendarEventInfo? changed, GoogleApiError? error) = TryChangeCalendarEvent(calendarEmail, eventId, change);
        return changed ?? throw new InvalidOperationException($"Changing event {eventId} of {calendarEmail} failed: {error!.Code} {error.Message}");
    }

    /// <summary>Calendar push channels (events.watch), stopped and expired ones included, with the notifications each sent.</summary>
    public IReadOnlyList<CalendarChannelInfo> GetCalendarChannels() => Google.Channels.Describe();

    /// <summary>Completes when the push notifications sent so far have been delivered (or failed).</summary>
    public Task CalendarNotificationsDeliveredAsync() => Google.Channels.DeliveredAsync();

    /// <summary>OAuth grants of a provider.</summary>
    public IReadOnlyList<OAuthGrantInfo> GetGrants(SandboxProvider provider) =>
        provider == SandboxProvider.Zoom ? Zoom.Tokens.Describe()
        : provider == SandboxProvider.Microsoft ? Microsoft.Tokens.Describe()
        : Google.Tokens.Describe();

    /// <summary>Token-endpoint requests with this grant type ("authorization_code", "refresh_token") that reached the handler, successful or not.</summary>
    public int TokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Attempts(provider, grantType);

    /// <summary>Token-endpoint requests with this grant type that returned tokens.</summary>
    public int SuccessfulTokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Successes(provider, grantType);

    /// <summary>The last 500 provider requests, oldest first.</summary>
    public IReadOnlyList<SandboxRequestLogEntry> GetRequestLog() => Requests.Describe();

    /// <summary>Makes every access token (of one provider, or both) expire now; returns how many were live.</summary>
    public int ExpireAccessTokens(SandboxProvider? provider = null) =>
        (provider is null || provider == SandboxProvider.Zoom ? Zoom.Tokens.ExpireAccessTokens() : 0)
        + (provider is null || provider == SandboxProvider.Google ? Google.Tokens.ExpireAccessTokens() : 0)
        + (provider is null || provider == SandboxProvider.Microsoft ? Microsoft.Tokens.ExpireAccessTokens() : 0);

    /// <summary>Makes every Calendar sync token invalid (lists with one answer 410 fullSyncRequired); returns how many there were.</summary>
    public int ExpireSyncTokens() => Google.Cursors.ExpireSyncTokens();

    /// <summary>Forgets everything (users, grants, meetings, events, faults, counters, log) and re-creates the known accounts.</summary>
    public void Reset()
    {
        Zoom.Reset();
        Google.Reset();
        Microsoft.Reset();
        Pending.Clear();
        Faults.Clear();
        Requests.Clear();
        Exchanges.Clear();
    }

    /// <summary>Tokens for an account as if it had gone through the consent pages (handy for adapter tests).</summary>
    /// <param name="provider">Which provider.</param>
    /// <param name="email">The account; created when unknown.</param>
    /// <param name="scopes">Granted scopes; default Zoom "meeting:read meeting:write user:read", Google openid, email, profile and calendar.</param>
    public SandboxIssuedTokens IssueTokens(SandboxProvider provider, string email, IEnumerable<string>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        string? name = Options.KnownAccounts.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))?.DisplayName;
        IssuedTokens issued;
        if (provider == SandboxProvider.Microsoft)
        {
            issued = IssueMicrosoftTokens(email, name, scopes);
        }
        else if (provider == SandboxProvider.Zoom)
        {
            ZoomUser user = Zoom.Users.GetOrCreate(email, name);
            string[] granted = [.. scopes ?? ZoomSandbox.DefaultScope.Split(' ')];
            issued = Zoom.Tokens.CreateGrant(user.Id, user.Email, Options.Zoom.ClientId, granted, withRefreshToken: true);
        }
        else
        {
            GoogleAccount account = Google.Accounts.GetOrCreate(email, name);
            string[] granted = [.. scopes ?? [GoogleScopes.OpenId, GoogleScopes.Email, GoogleScopes.Profile, GoogleScopes.Calendar]];
            issued = Google.Tokens.CreateGrant(account.Sub, account.Email, Options.Google.ClientId, granted, withRefreshToken: true);
        }

        return new SandboxIssuedTokens(issued.AccessToken, issued.RefreshToken, issued.ExpiresIn, issued.Grant.Scope, issued.Grant.AccountId);
    }

    /// <summary>Everything held, as served by <c>GET /_sandbox/state</c>.</summary>
    public ProviderSandboxSnapshot GetSnapshot() => new(
        new ZoomSnapshot(GetZoomUsers(), Zoom.Tokens.Describe(), GetZoomMeetings(includeDeleted: true)),
        new GoogleSnapshot(
            GetGoogleAccounts(),
            Google.Tokens.Describe(),
            [.. Google.Accounts.All().Select(account => new GoogleCalendarInfo(account.Email, Google.Events.Describe(account.Calendar)))]),
        GetMicrosoftSnapshot(),
        Exchanges.Describe(),
        Faults.Describe(),
        Requests.Describe());
}

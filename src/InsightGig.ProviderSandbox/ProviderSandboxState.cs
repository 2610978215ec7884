using InsightGig.ProviderSandbox.Faults;
using InsightGig.ProviderSandbox.Google;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Zoom;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// Everything the sandbox holds (one singleton per host; all members are thread-safe), and the C# API tests use to
/// inspect it and to inject faults without going through <c>/_sandbox/...</c>.
/// </summary>
public sealed class ProviderSandboxState
{
    internal ProviderSandboxState(ProviderSandboxOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Zoom = new ZoomSandbox(options, time);
        Google = new GoogleSandbox(options, time);
        Pending = new PendingAuthorizationStore(time);
        Zoom.Seed();
        Google.Seed();
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

    /// <summary>OAuth grants of a provider.</summary>
    public IReadOnlyList<OAuthGrantInfo> GetGrants(SandboxProvider provider) =>
        provider == SandboxProvider.Zoom ? Zoom.Tokens.Describe() : Google.Tokens.Describe();

    /// <summary>Token-endpoint requests with this grant type ("authorization_code", "refresh_token") that reached the handler, successful or not.</summary>
    public int TokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Attempts(provider, grantType);

    /// <summary>Token-endpoint requests with this grant type that returned tokens.</summary>
    public int SuccessfulTokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Successes(provider, grantType);

    /// <summary>The last 500 provider requests, oldest first.</summary>
    public IReadOnlyList<SandboxRequestLogEntry> GetRequestLog() => Requests.Describe();

    /// <summary>Makes every access token (of one provider, or both) expire now; returns how many were live.</summary>
    public int ExpireAccessTokens(SandboxProvider? provider = null) =>
        (provider is null or SandboxProvider.Zoom ? Zoom.Tokens.ExpireAccessTokens() : 0)
        + (provider is null or SandboxProvider.Google ? Google.Tokens.ExpireAccessTokens() : 0);

    /// <summary>Makes every Calendar sync token invalid (lists with one answer 410 fullSyncRequired); returns how many there were.</summary>
    public int ExpireSyncTokens() => Google.Cursors.ExpireSyncTokens();

    /// <summary>Forgets everything (users, grants, meetings, events, faults, counters, log) and re-creates the known accounts.</summary>
    public void Reset()
    {
        Zoom.Reset();
        Google.Reset();
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
        if (provider == SandboxProvider.Zoom)
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
        Exchanges.Describe(),
        Faults.Describe(),
        Requests.Describe());
}

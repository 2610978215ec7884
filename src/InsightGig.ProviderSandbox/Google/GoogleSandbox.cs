using InsightGig.ProviderSandbox.Google.Calendar;
using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>Everything Google holds: accounts with their calendars, OAuth codes and grants, list/sync cursors.</summary>
internal sealed class GoogleSandbox : IEmulatedProvider
{
    private readonly ProviderSandboxOptions _options;

    public GoogleSandbox(ProviderSandboxOptions options, TimeProvider time)
    {
        _options = options;
        Codes = new AuthorizationCodeStore(time, options.AuthorizationCodeLifetime);
        Tokens = new OAuthTokenStore(new TokenStyle("ya29.sandbox-", "1//sandbox-", RotateRefreshTokens: false), time, options.AccessTokenLifetime);
        Events = new CalendarEventService(time, options.MeetConferencePendingDelay, Cursors);
        Channels = new CalendarChannelRegistry(time);
        Accounts = new GoogleAccountDirectory(Channels.CalendarChanged);
    }

    public GoogleAccountDirectory Accounts { get; }

    /// <summary>Push channels (events.watch) and their notifications.</summary>
    public CalendarChannelRegistry Channels { get; }

    public AuthorizationCodeStore Codes { get; }

    public OAuthTokenStore Tokens { get; }

    public EventListCursors Cursors { get; } = new();

    public CalendarEventService Events { get; }

    public void Reset()
    {
        Accounts.Clear();
        Codes.Clear();
        Tokens.Clear();
        Cursors.Clear();
        Channels.Clear();
        Seed();
    }

    public IssuedTokens IssueTokens(string email, string? displayName, IEnumerable<string>? scopes)
    {
        GoogleAccount account = Accounts.GetOrCreate(email, displayName);
        string[] granted = [.. scopes ?? [GoogleScopes.OpenId, GoogleScopes.Email, GoogleScopes.Profile, GoogleScopes.Calendar]];
        return Tokens.CreateGrant(account.Sub, account.Email, _options.Google.ClientId, granted, withRefreshToken: true);
    }

    public object Describe() => new GoogleSnapshot(
        [.. Accounts.All().Select(account => account.Describe())],
        Tokens.Describe(),
        [.. Accounts.All().Select(account => new GoogleCalendarInfo(account.Email, Events.Describe(account.Calendar)))]);

    public void Seed()
    {
        foreach (SandboxAccount account in _options.KnownAccounts)
        {
            Accounts.GetOrCreate(account.Email, account.DisplayName);
        }
    }
}

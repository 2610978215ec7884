using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>Everything Microsoft holds: accounts and their Outlook calendars, codes and grants, delta tokens, subscriptions.</summary>
internal sealed class MicrosoftSandbox : IEmulatedProvider
{
    private readonly ProviderSandboxOptions _options;

    public MicrosoftSandbox(ProviderSandboxOptions options, TimeProvider time)
    {
        _options = options;
        Accounts = new MicrosoftAccountDirectory(options);
        Codes = new AuthorizationCodeStore(time, options.AuthorizationCodeLifetime);
        // Each refresh returns a new refresh token and the old one keeps working; a token unused for 90 days is refused.
        Tokens = new OAuthTokenStore(
            new TokenStyle("EwBYA8l6BAAU.sandbox-", "M.C540_BAY.0.U.-sandbox-", RotateRefreshTokens: true, KeepSupersededRefreshTokens: true, options.MicrosoftRefreshTokenIdleLifetime),
            time,
            options.AccessTokenLifetime);
        Subscriptions = new GraphSubscriptionRegistry(time);
        Calendars = new OutlookCalendarStore(time, Subscriptions.EventChanged);
    }

    public MicrosoftAccountDirectory Accounts { get; }

    public AuthorizationCodeStore Codes { get; }

    public OAuthTokenStore Tokens { get; }

    public OutlookCalendarStore Calendars { get; }

    public DeltaTokens Deltas { get; } = new();

    public GraphSubscriptionRegistry Subscriptions { get; }

    public void Reset()
    {
        Accounts.Clear();
        Codes.Clear();
        Tokens.Clear();
        Calendars.Clear();
        Deltas.ExpireAll();
        Subscriptions.Clear();
        Seed();
    }

    public IssuedTokens IssueTokens(string email, string? displayName, IEnumerable<string>? scopes)
    {
        MicrosoftAccount account = Accounts.GetOrCreate(email, displayName);
        string[] granted = [.. scopes ?? MicrosoftScopes.Default];
        return Tokens.CreateGrant(account.Id, account.Email, _options.Microsoft.ClientId, granted, withRefreshToken: granted.Contains(MicrosoftScopes.OfflineAccess));
    }

    public object Describe() => new MicrosoftSnapshot(
        [.. Accounts.All().Select(account => account.Describe())],
        Tokens.Describe(),
        Calendars.Describe(),
        Subscriptions.Describe());

    public void Seed()
    {
        foreach (SandboxAccount account in _options.KnownAccounts)
        {
            Accounts.GetOrCreate(account.Email, account.DisplayName);
        }
    }
}

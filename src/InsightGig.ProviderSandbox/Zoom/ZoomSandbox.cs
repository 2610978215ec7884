using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Everything Zoom holds: users, OAuth codes and grants, meetings.</summary>
internal sealed class ZoomSandbox(ProviderSandboxOptions options, TimeProvider time) : IEmulatedProvider
{
    /// <summary>The scopes a Zoom user-managed app asks for when the authorize request names none.</summary>
    public const string DefaultScope = "meeting:read meeting:write user:read";

    public ZoomUserDirectory Users { get; } = new(time);

    public ZoomMeetingStore Meetings { get; } = new(time);

    public AuthorizationCodeStore Codes { get; } = new(time, options.AuthorizationCodeLifetime);

    public OAuthTokenStore Tokens { get; } = new(new TokenStyle("zoom-at.", "zoom-rt.", RotateRefreshTokens: true), time, options.AccessTokenLifetime);

    public void Reset()
    {
        Users.Clear();
        Meetings.Clear();
        Codes.Clear();
        Tokens.Clear();
        Seed();
    }

    public IssuedTokens IssueTokens(string email, string? displayName, IEnumerable<string>? scopes)
    {
        ZoomUser user = Users.GetOrCreate(email, displayName);
        return Tokens.CreateGrant(user.Id, user.Email, options.Zoom.ClientId, [.. scopes ?? DefaultScope.Split(' ')], withRefreshToken: true);
    }

    public object Describe() => new ZoomSnapshot(
        [.. Users.All().Select(user => user.Describe())], Tokens.Describe(), Meetings.Describe());

    public void Seed()
    {
        foreach (SandboxAccount account in options.KnownAccounts)
        {
            Users.GetOrCreate(account.Email, account.DisplayName);
        }
    }
}

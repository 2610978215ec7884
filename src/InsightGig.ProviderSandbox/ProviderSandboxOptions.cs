namespace InsightGig.ProviderSandbox;

/// <summary>
/// Settings of the sandbox: how long tokens live and which accounts the sign-in pages offer; each provider's folder adds
/// its own (its OAuth client, say) in a partial declaration.
/// </summary>
public sealed partial class ProviderSandboxOptions
{
    /// <summary>How long an access token works (every provider answers <c>expires_in</c> with this). Default one hour, as both providers.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>How long an authorization code can be exchanged. Default 10 minutes.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Accounts offered as one-click buttons on the sign-in and account-chooser pages. Any other email can be typed in.</summary>
    public IList<SandboxAccount> KnownAccounts { get; } = new List<SandboxAccount>();
}

/// <summary>
/// One OAuth client (app) registered with a provider.
/// </summary>
/// <remarks>
/// Redirect URI rule: when <see cref="AllowedRedirectUris"/> has entries, a redirect URI must equal one of them in scheme,
/// host, path and query (exact, case-sensitive path and query); the port must be equal too, except that when both hosts are
/// loopback (<c>127.0.0.1</c>, <c>localhost</c>, <c>[::1]</c>) any port is accepted, as Google does for native apps.
/// When <see cref="AllowedRedirectUris"/> is empty, any <c>http</c>/<c>https</c> URI on a loopback host whose path ends with one
/// of <see cref="RedirectPathSuffixes"/> is accepted. Fragments and user info are never accepted.
/// </remarks>
public sealed class OAuthClientRegistration
{
    /// <summary>Creates a registration with one accepted redirect path suffix.</summary>
    public OAuthClientRegistration(string clientId, string clientSecret, string redirectPathSuffix)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        RedirectPathSuffixes.Add(redirectPathSuffix);
    }

    /// <summary>The client id the app sends.</summary>
    public string ClientId { get; set; }

    /// <summary>The client secret the app authenticates with at the token and revoke endpoints.</summary>
    public string ClientSecret { get; set; }

    /// <summary>The app name shown on the consent pages.</summary>
    public string ApplicationName { get; set; } = "InsightGig";

    /// <summary>Exact redirect URIs (see the class remarks for the loopback port exception).</summary>
    public IList<string> AllowedRedirectUris { get; } = new List<string>();

    /// <summary>Path suffixes accepted on loopback hosts while <see cref="AllowedRedirectUris"/> is empty.</summary>
    public IList<string> RedirectPathSuffixes { get; } = new List<string>();
}

/// <summary>An account offered on the sign-in pages.</summary>
/// <param name="Email">The account's email; the Zoom user id and Google subject are derived from it, so they are stable.</param>
/// <param name="DisplayName">The person's name, e.g. "Ada Lovelace".</param>
public sealed record SandboxAccount(string Email, string DisplayName);

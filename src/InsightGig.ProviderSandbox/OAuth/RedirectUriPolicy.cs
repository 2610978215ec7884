namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>Decides whether a redirect URI is registered for a client (rule documented on <see cref="OAuthClientRegistration"/>).</summary>
internal static class RedirectUriPolicy
{
    public static bool IsAllowed(OAuthClientRegistration client, string? redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out Uri? requested)
            || (requested.Scheme != Uri.UriSchemeHttp && requested.Scheme != Uri.UriSchemeHttps)
            || requested.Fragment.Length > 0
            || requested.UserInfo.Length > 0)
        {
            return false;
        }

        if (client.AllowedRedirectUris.Count == 0)
        {
            return IsLoopback(requested)
                && client.RedirectPathSuffixes.Any(suffix => requested.AbsolutePath.EndsWith(suffix, StringComparison.Ordinal));
        }

        return client.AllowedRedirectUris.Any(
            allowed => Uri.TryCreate(allowed, UriKind.Absolute, out Uri? registered) && Matches(registered, requested));
    }

    public static bool IsLoopback(Uri uri) =>
        uri.Host is "127.0.0.1" or "[::1]" || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(Uri registered, Uri requested) =>
        string.Equals(registered.Scheme, requested.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(registered.Host, requested.Host, StringComparison.OrdinalIgnoreCase)
        && (registered.Port == requested.Port || (IsLoopback(registered) && IsLoopback(requested)))
        && string.Equals(registered.AbsolutePath, requested.AbsolutePath, StringComparison.Ordinal)
        && string.Equals(registered.Query, requested.Query, StringComparison.Ordinal);
}

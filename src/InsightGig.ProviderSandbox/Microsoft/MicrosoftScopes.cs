namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// The scopes the sandbox's identity platform grants: Graph's delegated permissions (short, or prefixed with
/// <c>https://graph.microsoft.com/</c>) and the OpenID Connect scopes. Granted scopes are kept in their short form.
/// </summary>
internal static class MicrosoftScopes
{
    public const string OfflineAccess = "offline_access";
    public const string UserRead = "User.Read";
    public const string CalendarsRead = "Calendars.Read";
    public const string CalendarsReadWrite = "Calendars.ReadWrite";
    private const string GraphResource = "https://graph.microsoft.com/";

    public static readonly string[] Default = [OfflineAccess, UserRead, CalendarsReadWrite];

    private static readonly string[] OpenIdScopes = ["openid", "profile", "email", OfflineAccess];
    private static readonly string[] GraphScopes = [UserRead, "User.ReadBasic.All", CalendarsRead, CalendarsReadWrite, "Calendars.Read.Shared", "Calendars.ReadWrite.Shared", "OnlineMeetings.ReadWrite"];

    /// <summary>The short form of a known scope (<c>https://graph.microsoft.com/User.Read</c> → <c>User.Read</c>), else null.</summary>
    public static string? Normalize(string scope)
    {
        if (OpenIdScopes.FirstOrDefault(known => string.Equals(known, scope, StringComparison.OrdinalIgnoreCase)) is { } openId)
        {
            return openId;
        }

        string name = scope.StartsWith(GraphResource, StringComparison.OrdinalIgnoreCase) ? scope[GraphResource.Length..] : scope;
        return GraphScopes.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The scopes a token response names: the granted ones without <c>offline_access</c> (it shows as the refresh token).</summary>
    public static string Describe(IEnumerable<string> granted) => string.Join(' ', granted.Where(scope => scope != OfflineAccess));

    public static bool CanReadCalendars(IEnumerable<string> granted) => granted.Any(scope => scope is CalendarsRead or CalendarsReadWrite);

    public static bool CanWriteCalendars(IEnumerable<string> granted) => granted.Contains(CalendarsReadWrite);

    public static string Explain(string scope) => scope switch
    {
        OfflineAccess => "Maintain access to data you have given it access to",
        UserRead => "Sign you in and read your profile",
        CalendarsRead => "Read your calendars",
        CalendarsReadWrite => "Have full access to your calendars",
        "openid" => "Sign you in",
        "profile" => "View your basic profile",
        "email" => "View your email address",
        _ => scope,
    };
}

using System.ComponentModel.DataAnnotations;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// The Google OAuth client and where Google lives (<c>Providers:Google</c>). Every URL is configurable so the same adapters
/// talk to real Google or to the provider sandbox.
/// </summary>
public sealed class GoogleOptions
{
    public const string SectionName = "Providers:Google";

    [Required]
    public string ClientId { get; set; } = string.Empty;

    [Required]
    public string ClientSecret { get; set; } = string.Empty;

    [Required, Url]
    public string AuthorizeUrl { get; set; } = "https://accounts.google.com/o/oauth2/v2/auth";

    [Required, Url]
    public string TokenUrl { get; set; } = "https://oauth2.googleapis.com/token";

    [Required, Url]
    public string RevokeUrl { get; set; } = "https://oauth2.googleapis.com/revoke";

    [Required, Url]
    public string UserInfoUrl { get; set; } = "https://openidconnect.googleapis.com/v1/userinfo";

    /// <summary>The discovery <c>rootUrl</c>; Calendar lives at <c>{ApiRootUrl}calendar/v3/</c>.</summary>
    [Required, Url]
    public string ApiRootUrl { get; set; } = "https://www.googleapis.com/";

    /// <summary>Space-separated: who the person is (OpenID Connect) and their calendar events.</summary>
    [Required]
    public string Scopes { get; set; } = "openid email profile https://www.googleapis.com/auth/calendar.events";

    /// <summary>Timeouts and retries of the calls to Google.</summary>
    public ProviderHttpOptions Http { get; set; } = new();
}

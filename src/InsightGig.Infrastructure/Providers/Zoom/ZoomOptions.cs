using System.ComponentModel.DataAnnotations;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// The Zoom OAuth app and where Zoom lives (<c>Providers:Zoom</c>). Every URL is configurable so the same adapters talk to
/// real Zoom or to the provider sandbox.
/// </summary>
public sealed class ZoomOptions
{
    public const string SectionName = "Providers:Zoom";

    [Required]
    public string ClientId { get; set; } = string.Empty;

    [Required]
    public string ClientSecret { get; set; } = string.Empty;

    [Required, Url]
    public string AuthorizeUrl { get; set; } = "https://zoom.us/oauth/authorize";

    [Required, Url]
    public string TokenUrl { get; set; } = "https://zoom.us/oauth/token";

    [Required, Url]
    public string RevokeUrl { get; set; } = "https://zoom.us/oauth/revoke";

    /// <summary>The REST API root; relative paths such as <c>users/me</c> are resolved against it.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.zoom.us/v2/";

    /// <summary>
    /// Space-separated scopes. Zoom takes an app's scopes from its Marketplace settings, so this is what the app must be set up
    /// with (classic names, as in Zoom's Meetings API reference: create/read meetings, read the user); it is sent as
    /// <c>scope</c> on the authorize URL and stands for the granted scopes when a token answer names none. An app created with
    /// granular scopes uses e.g. <c>meeting:write:meeting meeting:read:meeting meeting:update:meeting meeting:delete:meeting user:read:user</c>.
    /// </summary>
    [Required]
    public string Scopes { get; set; } = "meeting:write meeting:read user:read";

    /// <summary>The app's webhook secret token (signs <c>x-zm-signature</c>); only needed once webhooks are received.</summary>
    public string? WebhookSecretToken { get; set; }

    /// <summary>Timeouts and retries of the calls to Zoom.</summary>
    public ProviderHttpOptions Http { get; set; } = new();
}

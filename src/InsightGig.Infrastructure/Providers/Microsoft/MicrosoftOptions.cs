using System.ComponentModel.DataAnnotations;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// The Microsoft identity platform (v2.0) app and where Graph lives (<c>Providers:Microsoft</c>). Every URL is configurable
/// so the same adapters talk to Microsoft or to the provider sandbox; <see cref="AuthorizeUrl"/> and <see cref="TokenUrl"/>
/// default to the configured <see cref="Tenant"/>'s endpoints.
/// </summary>
public sealed class MicrosoftOptions
{
    public const string SectionName = "Providers:Microsoft";

    [Required]
    public string ClientId { get; set; } = string.Empty;

    [Required]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary><c>common</c> (work, school and personal accounts), <c>organizations</c>, or one tenant's id or domain.</summary>
    [Required, RegularExpression("^[A-Za-z0-9.-]{1,100}$", ErrorMessage = "Providers:Microsoft:Tenant must be common, organizations, a tenant id or a domain.")]
    public string Tenant { get; set; } = "common";

    /// <summary>Empty: <c>https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize</c>.</summary>
    [Url]
    public string? AuthorizeUrl { get; set; }

    /// <summary>Empty: <c>https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/token</c>.</summary>
    [Url]
    public string? TokenUrl { get; set; }

    [Required, Url]
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    /// <summary>Space-separated: a refresh token, who the person is, their calendar.</summary>
    [Required]
    public string Scopes { get; set; } = "offline_access User.Read Calendars.ReadWrite";

    /// <summary>
    /// An app-wide secret added to every change-notification subscription's <c>clientState</c> (after the channel id and its
    /// own random token) and checked in constant time on each notification. Empty: the per-subscription token alone.
    /// Letters, digits, '-' and '_' only (the parts are joined with dots), at most 40 characters (Graph allows 128 in all).
    /// </summary>
    [MaxLength(40), RegularExpression("^[A-Za-z0-9_-]*$", ErrorMessage = "Providers:Microsoft:ClientState may hold letters, digits, '-' and '_' only.")]
    public string? ClientState { get; set; }

    /// <summary>Timeouts and retries of the calls to Microsoft.</summary>
    public ProviderHttpOptions Http { get; set; } = new();

    public string EffectiveAuthorizeUrl => string.IsNullOrWhiteSpace(AuthorizeUrl) ? $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize" : AuthorizeUrl;

    public string EffectiveTokenUrl => string.IsNullOrWhiteSpace(TokenUrl) ? $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/token" : TokenUrl;

    /// <summary>Graph's base as Kiota's URL templates want it (<c>{+baseurl}/me/...</c>): no trailing slash.</summary>
    public string GraphBase => GraphBaseUrl.TrimEnd('/');
}

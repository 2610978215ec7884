using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// "Sign in with Microsoft": the identity platform v2.0 authorization code flow with PKCE (S256) for a confidential web app
/// (the client secret in the form body), scopes <c>offline_access User.Read Calendars.ReadWrite</c>. Microsoft rotates
/// refresh tokens: each refresh answers a new one (the old one is not revoked, but the newest is the one kept). The account
/// is read from Graph's <c>/me</c> through the Graph SDK.
/// </summary>
/// <remarks>
/// The identity platform has no endpoint that revokes one app's grant (only the user can remove it, at
/// https://myapps.microsoft.com or https://account.live.com/consent/Manage): <see cref="RevokeAsync"/> forgets nothing at
/// Microsoft and says so in the log; InsightGig deletes its stored tokens all the same.
/// </remarks>
public sealed partial class MicrosoftOAuthLinker(
    HttpClient http,
    GraphClients graph,
    IOptions<MicrosoftOptions> options,
    TimeProvider time,
    ILogger<MicrosoftOAuthLinker> logger) : IOAuthAccountLinker
{
    /// <summary>Access tokens live about an hour; used when an answer has no <c>expires_in</c>.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MicrosoftOptions _options = options.Value;

    public string Provider => MicrosoftProvider.Key;

    public string DisplayName => MicrosoftProvider.DisplayName;

    /// <summary>As for Zoom: the Microsoft account's email (<c>mail</c>, else <c>userPrincipalName</c>) must be the InsightGig email.</summary>
    public Error? CheckAccount(LinkCandidate candidate) => OAuthLinking.EmailMustMatch(candidate, DisplayName, "link.microsoft_email_mismatch");

    public Uri AuthorizationEndpoint => new(_options.EffectiveAuthorizeUrl);

    public Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = _options.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["response_mode"] = "query",
            ["scope"] = _options.Scopes,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
            // Lets the person pick (or add) the account every time, so a wrong account can be corrected by linking again.
            ["prompt"] = "select_account",
        };
        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            query["login_hint"] = loginHint;
        }

        return new Uri(QueryHelpers.AddQueryString(_options.EffectiveAuthorizeUrl, query));
    }

    public Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        RequestTokensAsync(OAuthLinking.AuthorizationCodeGrant(code, redirectUri, codeVerifier), refreshing: false, cancellationToken);

    public Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RequestTokensAsync(OAuthLinking.RefreshGrant(refreshToken), refreshing: true, cancellationToken);

    public Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        LogNoRevocation(logger);
        return Task.FromResult(ProviderResult<Done>.Ok(Done.Value));
    }

    public async Task<ProviderResult<LinkedAccount>> GetAccountAsync(string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var client = graph.For(accessToken);
        try
        {
            var me = await client.Me.GetAsync(
                request => request.QueryParameters.Select = ["id", "displayName", "mail", "userPrincipalName"], cancellationToken);
            var email = !string.IsNullOrWhiteSpace(me?.Mail) ? me.Mail : me?.UserPrincipalName;
            if (me?.Id is not { Length: > 0 } id || string.IsNullOrWhiteSpace(email))
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            return ProviderResult<LinkedAccount>.Ok(new LinkedAccount(id, email.Trim(), string.IsNullOrWhiteSpace(me.DisplayName) ? null : me.DisplayName.Trim()));
        }
        catch (ApiException exception)
        {
            LogApiError(logger, "me", exception.ResponseStatusCode);
            return GraphFailures.From(exception, time, "account");
        }
        catch (JsonException)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, "me", exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    private async Task<ProviderResult<OAuthTokens>> RequestTokensAsync(
        IEnumerable<KeyValuePair<string, string>> grant, bool refreshing, CancellationToken cancellationToken)
    {
        // Not retried after a timeout (ProviderHttpResilience: a POST): the code is single-use, and a processed refresh
        // answered a new refresh token we would never see.
        IEnumerable<KeyValuePair<string, string>> form =
        [
            new("client_id", _options.ClientId),
            new("client_secret", _options.ClientSecret),
            new("scope", _options.Scopes),
            .. grant,
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.EffectiveTokenUrl) { Content = new FormUrlEncodedContent(form) };
        var operation = refreshing ? "refresh" : "code exchange";
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = await TryReadAsync<IdentityError>(response, cancellationToken);
                LogOAuthError(logger, operation, (int)response.StatusCode, error?.Error, error?.ErrorCodes is { Length: > 0 } codes ? codes[0] : null);
                return OAuthFailure(response, error, refreshing);
            }

            var answer = await response.Content.ReadFromJsonAsync<IdentityTokens>(Json, cancellationToken);
            if (answer?.AccessToken is not { Length: > 0 } accessToken)
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            var lifetime = answer.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
            return ProviderResult<OAuthTokens>.Ok(new OAuthTokens(
                accessToken,
                string.IsNullOrEmpty(answer.RefreshToken) ? null : answer.RefreshToken,
                time.GetUtcNow() + lifetime,
                string.IsNullOrWhiteSpace(answer.Scope) ? _options.Scopes : answer.Scope.Trim()));
        }
        catch (JsonException)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, operation, exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    private ProviderFailure OAuthFailure(HttpResponseMessage response, IdentityError? error, bool refreshing)
    {
        if (ProviderHttpResilience.IsTransientStatus(response.StatusCode) || error?.Error == "temporarily_unavailable")
        {
            return GraphFailures.Fail(
                ProviderFailureKind.Transient, "Microsoft sign-in is busy or unavailable; please try again later.", ProviderHttpResilience.RetryAfter(response, time));
        }

        return error?.Error switch
        {
            // AADSTS70008 (expired), 50173 (password changed), 700082 (unused 90 days), 65001 (consent withdrawn), ...
            "invalid_grant" or "interaction_required" when refreshing => GraphFailures.Fail(
                ProviderFailureKind.ReconnectNeeded, "Microsoft no longer accepts InsightGig's access to your account. Please sign in with Microsoft again."),
            "invalid_grant" => GraphFailures.Fail(
                ProviderFailureKind.Rejected, "Microsoft did not accept the sign-in code; it may have expired or been used already."),
            "invalid_client" or "unauthorized_client" => GraphFailures.Fail(
                ProviderFailureKind.Rejected, "Microsoft did not accept InsightGig's app credentials."),
            _ => GraphFailures.Fail(
                ProviderFailureKind.Rejected, $"Microsoft refused the sign-in request ({error?.Error ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)})."),
        };
    }

    private static async Task<T?> TryReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record IdentityTokens(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("scope")] string? Scope);

    private sealed record IdentityError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_codes")] int[]? ErrorCodes);

    [LoggerMessage(EventId = 4500, Level = LogLevel.Warning, Message = "Microsoft identity {Operation} answered {Status} ({Error}, AADSTS{Code})")]
    private static partial void LogOAuthError(ILogger logger, string operation, int status, string? error, int? code);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Microsoft Graph {Operation} answered {Status}")]
    private static partial void LogApiError(ILogger logger, string operation, int status);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Microsoft {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "Microsoft has no revocation endpoint for one app's grant; InsightGig forgets the tokens, the person removes the app's consent at Microsoft")]
    private static partial void LogNoRevocation(ILogger logger);
}

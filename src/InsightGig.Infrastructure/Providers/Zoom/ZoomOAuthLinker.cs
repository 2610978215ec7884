using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// Links a Zoom account: OAuth 2.0 authorization code with PKCE (S256), the client authenticating with HTTP Basic at the
/// token and revoke endpoints. Zoom rotates refresh tokens: every refresh returns a new one and the old one dies.
/// </summary>
public sealed partial class ZoomOAuthLinker(HttpClient http, IOptions<ZoomOptions> options, TimeProvider time, ILogger<ZoomOAuthLinker> logger)
    : IOAuthAccountLinker
{
    /// <summary>Zoom access tokens live one hour; used when an answer has no <c>expires_in</c>.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    private readonly ZoomOptions _options = options.Value;

    public string Provider => ZoomProvider.Key;

    public string DisplayName => ZoomFailures.DisplayName;

    /// <summary>The help article's rule: the email you use to log in to Zoom must be your InsightGig email.</summary>
    public Error? CheckAccount(LinkCandidate candidate) => OAuthLinking.EmailMustMatch(candidate, DisplayName, "link.zoom_email_mismatch");

    public Uri AuthorizationEndpoint => new(_options.AuthorizeUrl);

    public Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        // Zoom has no login hint parameter: the person picks the account on Zoom's sign-in page.
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        if (!string.IsNullOrWhiteSpace(_options.Scopes))
        {
            query["scope"] = _options.Scopes;
        }

        return new Uri(QueryHelpers.AddQueryString(_options.AuthorizeUrl, query));
    }

    public Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        RequestTokensAsync(OAuthLinking.AuthorizationCodeGrant(code, redirectUri, codeVerifier), refreshing: false, cancellationToken);

    public Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RequestTokensAsync(OAuthLinking.RefreshGrant(refreshToken), refreshing: true, cancellationToken);

    public async Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.RevokeUrl)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]),
        };
        request.Headers.Authorization = ClientCredentials();
        request.Options.Set(ProviderHttpResilience.RetrySafe, true); // revoking twice is harmless
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return ProviderResult<Done>.Ok(Done.Value);
            }

            var error = await ZoomFailures.TryReadAsync<ZoomOAuthError>(response, cancellationToken);
            if (error?.Error is "invalid_grant" or "invalid_token" && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                // The token is already dead: the grant is gone, which is what was asked.
                return ProviderResult<Done>.Ok(Done.Value);
            }

            LogOAuthError(logger, "revoke", (int)response.StatusCode, error?.Error);
            return OAuthFailure(response, error, refreshing: false);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, "revoke", exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    public async Task<ProviderResult<LinkedAccount>> GetAccountAsync(string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ZoomMeetingProvider.ApiBase(_options), "users/me"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await ZoomFailures.FromApiAnswerAsync(response, time, cancellationToken);
                LogApiError(logger, "users/me", (int)response.StatusCode);
                return failure;
            }

            var user = await response.Content.ReadFromJsonAsync<ZoomUserResource>(ZoomJson.Options, cancellationToken);
            if (user?.Id is not { Length: > 0 } id || user.Email is not { Length: > 0 } email)
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            var name = !string.IsNullOrWhiteSpace(user.DisplayName)
                ? user.DisplayName.Trim()
                : $"{user.FirstName} {user.LastName}".Trim();
            return ProviderResult<LinkedAccount>.Ok(new LinkedAccount(id, email, name.Length == 0 ? null : name));
        }
        catch (JsonException)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, "users/me", exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    private async Task<ProviderResult<OAuthTokens>> RequestTokensAsync(
        IEnumerable<KeyValuePair<string, string>> form, bool refreshing, CancellationToken cancellationToken)
    {
        // A token POST is not retried after a timeout (see ProviderHttpResilience): the code is single-use and a processed
        // refresh has already killed the old refresh token.
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = ClientCredentials();
        var operation = refreshing ? "refresh" : "code exchange";
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = await ZoomFailures.TryReadAsync<ZoomOAuthError>(response, cancellationToken);
                LogOAuthError(logger, operation, (int)response.StatusCode, error?.Error);
                return OAuthFailure(response, error, refreshing);
            }

            var answer = await response.Content.ReadFromJsonAsync<ZoomTokenResponse>(ZoomJson.Options, cancellationToken);
            if (answer?.AccessToken is not { Length: > 0 } accessToken)
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            var lifetime = answer.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
            return ProviderResult<OAuthTokens>.Ok(new OAuthTokens(
                accessToken,
                string.IsNullOrEmpty(answer.RefreshToken) ? null : answer.RefreshToken,
                time.GetUtcNow() + lifetime,
                string.IsNullOrWhiteSpace(answer.Scope) ? _options.Scopes : answer.Scope.Replace(',', ' ').Trim()));
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

    private ProviderFailure OAuthFailure(HttpResponseMessage response, ZoomOAuthError? error, bool refreshing)
    {
        if (ProviderHttpResilience.IsTransientStatus(response.StatusCode))
        {
            return ZoomFailures.Fail(
                ProviderFailureKind.Transient, "Zoom sign-in is busy or unavailable; please try again later.", ProviderHttpResilience.RetryAfter(response, time));
        }

        return error?.Error switch
        {
            "invalid_grant" when refreshing => ZoomFailures.Fail(
                ProviderFailureKind.ReconnectNeeded, "Zoom no longer accepts InsightGig's access to your account. Please link Zoom again."),
            "invalid_grant" => ZoomFailures.Fail(
                ProviderFailureKind.Rejected, "Zoom did not accept the sign-in code; it may have expired or been used already."),
            "invalid_client" or "unauthorized_client" => ZoomFailures.Fail(
                ProviderFailureKind.Rejected, "Zoom did not accept InsightGig's app credentials."),
            _ => ZoomFailures.Fail(
                ProviderFailureKind.Rejected, $"Zoom refused the sign-in request ({error?.Error ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)})."),
        };
    }

    private AuthenticationHeaderValue ClientCredentials() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Zoom OAuth {Operation} answered {Status} ({Error})")]
    private static partial void LogOAuthError(ILogger logger, string operation, int status, string? error);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Zoom API {Operation} answered {Status}")]
    private static partial void LogApiError(ILogger logger, string operation, int status);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Zoom {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// Links a Google account for Calendar: authorization code with PKCE (S256), offline access (a refresh token), consent asked
/// every time (so a refresh token always comes back) and incremental authorization.
/// </summary>
/// <remarks>
/// Built on Google.Apis.Auth's request types, which take any server URL and send <c>code_verifier</c>:
/// <see cref="GoogleAuthorizationCodeRequestUrl"/> for the consent URL, <see cref="AuthorizationCodeTokenRequest"/> and
/// <see cref="RefreshTokenRequest"/> executed on our resilient HttpClient (client secret in the form body, as Google takes it).
/// Revocation is a plain POST: Google.Apis.Auth's revoke puts the token in the URL, where HTTP logs would keep it.
/// Google does not rotate refresh tokens: a refresh answers without one, and <see cref="OAuthTokens.RefreshToken"/> is null.
/// </remarks>
public sealed partial class GoogleOAuthLinker(HttpClient http, IOptions<GoogleOptions> options, TimeProvider time, ILogger<GoogleOAuthLinker> logger)
    : IOAuthAccountLinker
{
    public const string GoogleDisplayName = "Google";

    /// <summary>Either grants what sending invites needs.</summary>
    private static readonly string[] CalendarScopes =
    [
        "https://www.googleapis.com/auth/calendar",
        "https://www.googleapis.com/auth/calendar.events",
    ];

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    private readonly GoogleOptions _options = options.Value;
    private readonly TimeProviderClock _clock = new(time);

    public string Provider => GoogleProvider.Key;

    public string DisplayName => GoogleDisplayName;

    /// <summary>Google lets people untick scopes on the consent screen; without calendar access there is nothing to link.</summary>
    public Error? CheckAccount(LinkCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Tokens.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Intersect(CalendarScopes, StringComparer.Ordinal).Any()
            ? null
            : Error.Validation("link.google_calendar_scope_missing",
                "InsightGig needs permission to view and edit your calendar events to send invites. Nothing was linked: connect again and allow calendar access.");
    }

    public Uri AuthorizationEndpoint => new(_options.AuthorizeUrl);

    public Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        return new GoogleAuthorizationCodeRequestUrl(new Uri(_options.AuthorizeUrl))
        {
            ResponseType = "code",
            ClientId = _options.ClientId,
            RedirectUri = redirectUri.AbsoluteUri,
            Scope = _options.Scopes,
            State = state,
            AccessType = "offline",
            Prompt = "consent",
            IncludeGrantedScopes = "true",
            CodeChallenge = codeChallenge,
            CodeChallengeMethod = "S256",
            LoginHint = string.IsNullOrWhiteSpace(loginHint) ? null : loginHint,
        }.Build();
    }

    public Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var request = new AuthorizationCodeTokenRequest
        {
            Code = code,
            RedirectUri = redirectUri.AbsoluteUri,
            CodeVerifier = codeVerifier,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
        };
        return RequestTokensAsync(request, refreshing: false, cancellationToken);
    }

    public Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var request = new RefreshTokenRequest
        {
            RefreshToken = refreshToken,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
        };
        return RequestTokensAsync(request, refreshing: true, cancellationToken);
    }

    public async Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.RevokeUrl)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]),
        };
        request.Options.Set(ProviderHttpResilience.RetrySafe, true); // revoking twice is harmless
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return ProviderResult<Done>.Ok(Done.Value);
            }

            var error = await TryReadErrorAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest && error is "invalid_token" or "invalid_grant")
            {
                // Already revoked or expired: the grant is gone, which is what was asked.
                return ProviderResult<Done>.Ok(Done.Value);
            }

            LogOAuthError(logger, "revoke", (int)response.StatusCode, error);
            return ProviderHttpResilience.IsTransientStatus(response.StatusCode)
                ? Fail(ProviderFailureKind.Transient, "Google sign-in is busy or unavailable; please try again later.", ProviderHttpResilience.RetryAfter(response, time))
                : Fail(ProviderFailureKind.Rejected, $"Google refused to revoke the access ({error ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}).");
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
        using var request = new HttpRequestMessage(HttpMethod.Get, _options.UserInfoUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogApiError(logger, "userinfo", (int)response.StatusCode);
                return ProviderHttpResilience.IsTransientStatus(response.StatusCode)
                    ? Fail(ProviderFailureKind.Transient, "Google is busy or unavailable; please try again later.", ProviderHttpResilience.RetryAfter(response, time))
                    : Fail(ProviderFailureKind.Rejected, $"Google did not tell InsightGig who you are ({(int)response.StatusCode}).");
            }

            var user = await response.Content.ReadFromJsonAsync<GoogleUserInfo>(cancellationToken);
            if (user?.Sub is not { Length: > 0 } sub || user.Email is not { Length: > 0 } email)
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            return ProviderResult<LinkedAccount>.Ok(new LinkedAccount(sub, email, string.IsNullOrWhiteSpace(user.Name) ? null : user.Name));
        }
        catch (JsonException)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, "userinfo", exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    private async Task<ProviderResult<OAuthTokens>> RequestTokensAsync(TokenRequest request, bool refreshing, CancellationToken cancellationToken)
    {
        var operation = refreshing ? "refresh" : "code exchange";
        try
        {
            var answer = await request.ExecuteAsync(http, _options.TokenUrl, cancellationToken, _clock);
            if (string.IsNullOrEmpty(answer?.AccessToken))
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            var lifetime = answer.ExpiresInSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
            return ProviderResult<OAuthTokens>.Ok(new OAuthTokens(
                answer.AccessToken,
                string.IsNullOrEmpty(answer.RefreshToken) ? null : answer.RefreshToken,
                time.GetUtcNow() + lifetime,
                string.IsNullOrWhiteSpace(answer.Scope) ? _options.Scopes : answer.Scope.Trim()));
        }
        catch (TokenResponseException exception)
        {
            var error = exception.Error?.Error;
            var status = exception.StatusCode is { } code ? (int)code : 0;
            LogOAuthError(logger, operation, status, error);
            return error switch
            {
                "invalid_grant" when refreshing => Fail(
                    ProviderFailureKind.ReconnectNeeded, "Google no longer accepts InsightGig's access to your calendar. Please connect Google again."),
                "invalid_grant" => Fail(
                    ProviderFailureKind.Rejected, "Google did not accept the sign-in code; it may have expired or been used already."),
                "invalid_client" or "unauthorized_client" => Fail(
                    ProviderFailureKind.Rejected, "Google did not accept InsightGig's client credentials."),
                _ when status is 0 || ProviderHttpResilience.IsTransientStatus((HttpStatusCode)status) => Fail(
                    ProviderFailureKind.Transient, "Google sign-in is busy or unavailable; please try again later."),
                _ => Fail(ProviderFailureKind.Rejected, $"Google refused the sign-in request ({error ?? status.ToString(CultureInfo.InvariantCulture)})."),
            };
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
        {
            LogTransport(logger, operation, exception.GetType().Name);
            return ProviderCallFailures.Transport(Provider, DisplayName, exception);
        }
    }

    private static async Task<string?> TryReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<GoogleOAuthError>(cancellationToken);
            return body?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProviderFailure Fail(ProviderFailureKind kind, string message, TimeSpan? retryAfter = null) =>
        new(GoogleProvider.Key, kind, message, retryAfter);

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Google OAuth {Operation} answered {Status} ({Error})")]
    private static partial void LogOAuthError(ILogger logger, string operation, int status, string? error);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Google {Operation} answered {Status}")]
    private static partial void LogApiError(ILogger logger, string operation, int status);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Google {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);

    /// <summary>OpenID Connect userinfo: <c>sub</c>, <c>email</c>, <c>name</c>.</summary>
    private sealed record GoogleUserInfo(
        [property: JsonPropertyName("sub")] string? Sub,
        [property: JsonPropertyName("email")] string? Email,
        [property: JsonPropertyName("name")] string? Name);

    /// <summary>OAuth error body: <c>{"error":"invalid_token","error_description":"..."}</c>.</summary>
    private sealed record GoogleOAuthError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}

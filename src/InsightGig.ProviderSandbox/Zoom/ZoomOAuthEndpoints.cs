using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>
/// Zoom OAuth: <c>/oauth/authorize</c> (pages), <c>/oauth/token</c> and <c>/oauth/revoke</c> (HTTP Basic client auth).
/// Refresh tokens rotate: each refresh returns a new one and the old one stops working.
/// </summary>
internal static class ZoomOAuthEndpoints
{
    private const string AuthorizePath = "/oauth/authorize";

    public static void Map(RouteGroupBuilder zoom)
    {
        zoom.MapGet(AuthorizePath, Authorize);
        zoom.MapPost(AuthorizePath + "/sign-in", SignInAsync);
        zoom.MapPost(AuthorizePath + "/google", ShowGoogleChooserAsync);
        zoom.MapPost(AuthorizePath + "/google/choose", ChooseGoogleAccountAsync);
        zoom.MapPost(AuthorizePath + "/decision", DecideAsync);
        zoom.MapPost("/oauth/token", TokenAsync).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Token));
        zoom.MapPost("/oauth/revoke", RevokeAsync).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Token));
    }

    private static IResult Authorize(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        IQueryCollection query = http.Request.Query;
        OAuthClientRegistration client = sandbox.Options.Zoom;
        string? clientId = query["client_id"];
        string? redirectUri = query["redirect_uri"];

        // Never redirect to an unvalidated URI: a bad client or redirect URI gets an error page.
        if (clientId != client.ClientId)
        {
            return HtmlPage.Error("Invalid client_id", $"The app \"{clientId}\" is not registered with Zoom. (4,700)");
        }

        if (redirectUri is null || !RedirectUriPolicy.IsAllowed(client, redirectUri))
        {
            return HtmlPage.Error("Invalid redirect", $"The redirect URL \"{redirectUri}\" is not allowed for this app. (4,700)");
        }

        string? state = query["state"];
        if (query["response_type"] != "code")
        {
            return OAuthRedirect.Error(redirectUri, "unsupported_response_type", state);
        }

        string? challenge = query["code_challenge"];
        string? method = query["code_challenge_method"];
        if ((challenge is null && method is not null)
            || (challenge is not null && (!Pkce.IsValidChallenge(challenge) || !Pkce.IsSupportedMethod(method ?? Pkce.Plain))))
        {
            return OAuthRedirect.Error(redirectUri, "invalid_request", state, "Invalid code_challenge or code_challenge_method.");
        }

        string scope = query["scope"].ToString() is { Length: > 0 } requested ? requested : ZoomSandbox.DefaultScope;
        var pending = new PendingAuthorization
        {
            Provider = SandboxProvider.Zoom,
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            Scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            State = state,
            CodeChallenge = challenge,
            CodeChallengeMethod = challenge is null ? null : method ?? Pkce.Plain,
        };
        return ZoomPages.SignIn(http, sandbox.Pending.Save(pending), sandbox.Options);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Zoom);
        if (post is null)
        {
            return error!;
        }

        if (!EmailAddress.IsValid(post.Email))
        {
            return ZoomPages.SignIn(http, sandbox.Pending.Save(post.Pending), sandbox.Options, "Enter a valid email address.");
        }

        return ShowConsent(http, sandbox, post.Pending with
        {
            Email = post.Email,
            DisplayName = ConsentForms.DisplayNameFor(sandbox.Options, post.Email!),
        });
    }

    /// <summary>"Sign in with Google" on Zoom's page: a Google account chooser that comes back to Zoom's consent.</summary>
    private static async Task<IResult> ShowGoogleChooserAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Zoom);
        return post is null ? error! : GoogleChooser(http, sandbox, post.Pending, null);
    }

    private static async Task<IResult> ChooseGoogleAccountAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Zoom);
        if (post is null)
        {
            return error!;
        }

        if (!EmailAddress.IsValid(post.Email))
        {
            return GoogleChooser(http, sandbox, post.Pending, "Enter a valid email.");
        }

        return ShowConsent(http, sandbox, post.Pending with
        {
            Email = post.Email,
            DisplayName = ConsentForms.DisplayNameFor(sandbox.Options, post.Email!),
            SignedInWithGoogle = true,
        });
    }

    private static async Task<IResult> DecideAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Zoom);
        if (post is null)
        {
            return error!;
        }

        PendingAuthorization pending = post.Pending;
        if (pending.Email is null)
        {
            return HtmlPage.Error("Not signed in", "Sign in before allowing access.");
        }

        if (post.Decision != "allow")
        {
            return OAuthRedirect.Error(pending.RedirectUri, "access_denied", pending.State);
        }

        sandbox.Zoom.Users.GetOrCreate(pending.Email, pending.DisplayName);
        string code = sandbox.Zoom.Codes.Issue(new ApprovedAuthorization(
            pending.ClientId,
            pending.RedirectUri,
            pending.CodeChallenge,
            pending.CodeChallengeMethod,
            pending.Email,
            pending.DisplayName ?? pending.Email,
            pending.Scopes,
            Offline: true,
            Nonce: null));
        return OAuthRedirect.To(pending.RedirectUri, ("code", code), ("state", pending.State));
    }

    private static async Task<IResult> TokenAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        Func<string, string?> parameter = await HttpCredentials.ReadParametersAsync(http.Request);
        string grantType = parameter("grant_type") ?? string.Empty;
        sandbox.Exchanges.Attempt(SandboxProvider.Zoom, grantType.Length == 0 ? "(none)" : grantType);
        http.Response.Headers.CacheControl = "no-store";
        if (!IsClientAuthenticated(http, sandbox.Options.Zoom))
        {
            return ZoomErrors.InvalidClient();
        }

        return grantType switch
        {
            "authorization_code" => ExchangeCode(http, sandbox, parameter),
            "refresh_token" => Refresh(http, sandbox, parameter("refresh_token")),
            "" => ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Missing grant type"),
            _ => ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Unsupported grant type"),
        };
    }

    private static IResult ExchangeCode(HttpContext http, ProviderSandboxState sandbox, Func<string, string?> parameter)
    {
        ApprovedAuthorization? approval = sandbox.Zoom.Codes.Redeem(parameter("code"));
        if (approval is null || approval.ClientId != sandbox.Options.Zoom.ClientId)
        {
            return ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid authorization code");
        }

        if (parameter("redirect_uri") != approval.RedirectUri)
        {
            return ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Redirect URI mismatch.");
        }

        if (approval.CodeChallenge is not null
            && !Pkce.Verify(approval.CodeChallenge, approval.CodeChallengeMethod!, parameter("code_verifier")))
        {
            return ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid code_verifier.");
        }

        ZoomUser user = sandbox.Zoom.Users.GetOrCreate(approval.Email, approval.DisplayName);
        IssuedTokens issued = sandbox.Zoom.Tokens.CreateGrant(user.Id, user.Email, approval.ClientId, approval.Scopes, withRefreshToken: true);
        sandbox.Exchanges.Succeeded(SandboxProvider.Zoom, "authorization_code");
        return TokenResponse(http, issued);
    }

    private static IResult Refresh(HttpContext http, ProviderSandboxState sandbox, string? refreshToken)
    {
        if (sandbox.Faults.TryConsumeInvalidGrant(SandboxProvider.Zoom))
        {
            sandbox.Zoom.Tokens.RevokeGrantOf(refreshToken); // as when the person removed the app in Zoom
            return ZoomErrors.InvalidToken();
        }

        IssuedTokens? issued = sandbox.Zoom.Tokens.Refresh(refreshToken, sandbox.Options.Zoom.ClientId);
        if (issued is null)
        {
            return ZoomErrors.InvalidToken();
        }

        sandbox.Exchanges.Succeeded(SandboxProvider.Zoom, "refresh_token");
        return TokenResponse(http, issued);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        Func<string, string?> parameter = await HttpCredentials.ReadParametersAsync(http.Request);
        if (!IsClientAuthenticated(http, sandbox.Options.Zoom))
        {
            return ZoomErrors.InvalidClient();
        }

        return sandbox.Zoom.Tokens.RevokeGrantOf(parameter("token"))
            ? Results.Json(new ZoomRevokeResponse("success"), SandboxJson.SnakeCase)
            : ZoomErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Invalid Token!");
    }

    private static IResult TokenResponse(HttpContext http, IssuedTokens issued) => Results.Json(
        new ZoomTokenResponse(
            issued.AccessToken,
            "bearer",
            issued.RefreshToken!,
            issued.ExpiresIn,
            issued.Grant.Scope,
            SandboxUrls.Root(http) + "/zoom"),
        SandboxJson.SnakeCase);

    private static bool IsClientAuthenticated(HttpContext http, OAuthClientRegistration client) =>
        HttpCredentials.TryReadBasic(http.Request, out string clientId, out string secret)
        && clientId == client.ClientId
        && HttpCredentials.SecretMatches(client.ClientSecret, secret);

    private static IResult ShowConsent(HttpContext http, ProviderSandboxState sandbox, PendingAuthorization pending) =>
        ZoomPages.Consent(http, sandbox.Pending.Save(pending), pending, sandbox.Options.Zoom.ApplicationName);

    private static IResult GoogleChooser(HttpContext http, ProviderSandboxState sandbox, PendingAuthorization pending, string? error) =>
        AccountChooserPage.Render(
            SandboxUrls.RootPath(http) + "/zoom" + AuthorizePath + "/google/choose",
            sandbox.Pending.Save(pending),
            "Zoom",
            sandbox.Options.KnownAccounts,
            error: error);
}

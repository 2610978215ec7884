using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>Google's token response (snake_case, as oauth2.googleapis.com answers).</summary>
internal sealed record GoogleTokenResponse(string AccessToken, int ExpiresIn, string? RefreshToken, string Scope, string TokenType, string? IdToken);

/// <summary>
/// Google OAuth: <c>/o/oauth2/v2/auth</c> (account chooser, then consent), <c>/token</c>, <c>/revoke</c> and
/// <c>/oauth2/v3/userinfo</c>. Refresh tokens do not rotate; refresh responses carry no refresh_token, as Google's.
/// </summary>
internal static class GoogleOAuthEndpoints
{
    public const string AuthorizePath = "/google/o/oauth2/v2/auth";

    public static void Map(RouteGroupBuilder google)
    {
        google.MapGet("/o/oauth2/v2/auth", Authorize);
        google.MapPost("/o/oauth2/v2/auth/choose", ChooseAccountAsync);
        google.MapPost("/o/oauth2/v2/auth/decision", DecideAsync);
        google.MapPost("/token", TokenAsync).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Token));
        google.MapPost("/revoke", RevokeAsync).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Token));
        google.MapGet("/oauth2/v3/userinfo", UserInfo).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Api));
    }

    private static IResult Authorize(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        IQueryCollection query = http.Request.Query;
        OAuthClientRegistration client = sandbox.Options.Google;
        string? clientId = query["client_id"];
        string? redirectUri = query["redirect_uri"];

        // Never redirect to an unvalidated URI: a bad client or redirect URI gets an error page, as Google's "Access blocked".
        if (clientId != client.ClientId)
        {
            return HtmlPage.Error("Access blocked: Authorization Error", $"Error 401: invalid_client. The OAuth client was not found. (client_id={clientId})");
        }

        if (redirectUri is null || !RedirectUriPolicy.IsAllowed(client, redirectUri))
        {
            return HtmlPage.Error("Access blocked: This app's request is invalid", $"Error 400: redirect_uri_mismatch. The redirect URI \"{redirectUri}\" is not registered for this client.");
        }

        string? state = query["state"];
        if (query["response_type"] != "code")
        {
            return OAuthRedirect.Error(redirectUri, "unsupported_response_type", state);
        }

        string[] scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0)
        {
            return HtmlPage.Error("Access blocked: Authorization Error", "Error 400: invalid_request. Missing required parameter: scope");
        }

        if (scopes.Where(scope => !GoogleScopes.IsKnown(scope)).ToArray() is { Length: > 0 } unknown)
        {
            return HtmlPage.Error("Access blocked: Authorization Error", $"Error 400: invalid_scope. Some requested scopes were invalid. {{invalid=[{string.Join(", ", unknown)}]}}");
        }

        string? accessType = query["access_type"];
        if (accessType is not (null or "online" or "offline"))
        {
            return HtmlPage.Error("Access blocked: Authorization Error", $"Error 400: invalid_request. Invalid access_type: {accessType}");
        }

        string? challenge = query["code_challenge"];
        string? method = query["code_challenge_method"];
        if ((challenge is null && method is not null)
            || (challenge is not null && (!Pkce.IsValidChallenge(challenge) || !Pkce.IsSupportedMethod(method ?? Pkce.Plain))))
        {
            return HtmlPage.Error("Access blocked: Authorization Error", "Error 400: invalid_request. Invalid code_challenge or code_challenge_method.");
        }

        var pending = new PendingAuthorization
        {
            Provider = SandboxProvider.Google,
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            Scopes = scopes,
            State = state,
            CodeChallenge = challenge,
            CodeChallengeMethod = challenge is null ? null : method ?? Pkce.Plain,
            LoginHint = query["login_hint"],
            Nonce = query["nonce"],
            Offline = accessType == "offline",
        };
        return Chooser(http, sandbox, pending, null);
    }

    private static async Task<IResult> ChooseAccountAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Google);
        if (post is null)
        {
            return error!;
        }

        if (!EmailAddress.IsValid(post.Email))
        {
            return Chooser(http, sandbox, post.Pending, "Enter a valid email.");
        }

        PendingAuthorization signedIn = post.Pending with
        {
            Email = post.Email,
            DisplayName = ConsentForms.DisplayNameFor(sandbox.Options, post.Email!),
        };
        return GooglePages.Consent(http, sandbox.Pending.Save(signedIn), signedIn, sandbox.Options.Google.ApplicationName);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Google);
        if (post is null)
        {
            return error!;
        }

        PendingAuthorization pending = post.Pending;
        if (pending.Email is null)
        {
            return HtmlPage.Error("Not signed in", "Choose an account before giving access.");
        }

        if (post.Decision != "allow")
        {
            return OAuthRedirect.Error(pending.RedirectUri, "access_denied", pending.State);
        }

        sandbox.Google.Accounts.GetOrCreate(pending.Email, pending.DisplayName);
        string code = sandbox.Google.Codes.Issue(new ApprovedAuthorization(
            pending.ClientId,
            pending.RedirectUri,
            pending.CodeChallenge,
            pending.CodeChallengeMethod,
            pending.Email,
            pending.DisplayName ?? pending.Email,
            pending.Scopes,
            pending.Offline,
            pending.Nonce));
        return OAuthRedirect.To(
            pending.RedirectUri,
            ("state", pending.State),
            ("code", code),
            ("scope", string.Join(' ', pending.Scopes)));
    }

    private static async Task<IResult> TokenAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        Func<string, string?> parameter = await HttpCredentials.ReadParametersAsync(http.Request);
        string grantType = parameter("grant_type") ?? string.Empty;
        sandbox.Exchanges.Attempt(SandboxProvider.Google, grantType.Length == 0 ? "(none)" : grantType);
        http.Response.Headers.CacheControl = "no-store";

        // Client authentication: client_id/client_secret form fields, or HTTP Basic.
        string? clientId = parameter("client_id");
        string? secret = parameter("client_secret");
        if (clientId is null && HttpCredentials.TryReadBasic(http.Request, out string basicId, out string basicSecret))
        {
            (clientId, secret) = (basicId, basicSecret);
        }

        OAuthClientRegistration client = sandbox.Options.Google;
        if (clientId is null)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Could not determine client ID from request.");
        }

        if (clientId != client.ClientId)
        {
            return GoogleErrors.OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "The OAuth client was not found.");
        }

        if (!HttpCredentials.SecretMatches(client.ClientSecret, secret))
        {
            return GoogleErrors.OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Unauthorized");
        }

        return grantType switch
        {
            "authorization_code" => ExchangeCode(sandbox, parameter),
            "refresh_token" => Refresh(sandbox, parameter("refresh_token")),
            "" => GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Invalid grant_type: "),
            _ => GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"Invalid grant_type: {grantType}"),
        };
    }

    private static IResult ExchangeCode(ProviderSandboxState sandbox, Func<string, string?> parameter)
    {
        if (parameter("code") is not { } code)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Missing required parameter: code");
        }

        ApprovedAuthorization? approval = sandbox.Google.Codes.Redeem(code);
        if (approval is null || approval.ClientId != sandbox.Options.Google.ClientId)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Bad Request");
        }

        if (parameter("redirect_uri") != approval.RedirectUri)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "redirect_uri_mismatch", "Bad Request");
        }

        string? verifier = parameter("code_verifier");
        if (approval.CodeChallenge is null && verifier is not null)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "code_verifier or verifier is not needed.");
        }

        if (approval.CodeChallenge is not null && verifier is null)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Missing code verifier.");
        }

        if (approval.CodeChallenge is not null && !Pkce.Verify(approval.CodeChallenge, approval.CodeChallengeMethod!, verifier))
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid code verifier.");
        }

        GoogleAccount account = sandbox.Google.Accounts.GetOrCreate(approval.Email, approval.DisplayName);
        IssuedTokens issued = sandbox.Google.Tokens.CreateGrant(account.Sub, account.Email, approval.ClientId, approval.Scopes, approval.Offline);
        sandbox.Exchanges.Succeeded(SandboxProvider.Google, "authorization_code");
        return TokenResponse(sandbox, account, issued, approval.Nonce, includeRefreshToken: true);
    }

    private static IResult Refresh(ProviderSandboxState sandbox, string? refreshToken)
    {
        if (refreshToken is null)
        {
            return GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "Missing required parameter: refresh_token");
        }

        if (sandbox.Faults.TryConsumeInvalidGrant(SandboxProvider.Google))
        {
            sandbox.Google.Tokens.RevokeGrantOf(refreshToken); // as when the person removed access in their Google Account
            return GoogleErrors.InvalidGrant();
        }

        IssuedTokens? issued = sandbox.Google.Tokens.Refresh(refreshToken, sandbox.Options.Google.ClientId);
        if (issued is null || sandbox.Google.Accounts.FindBySub(issued.Grant.AccountId) is not { } account)
        {
            return GoogleErrors.InvalidGrant();
        }

        sandbox.Exchanges.Succeeded(SandboxProvider.Google, "refresh_token");
        return TokenResponse(sandbox, account, issued, nonce: null, includeRefreshToken: false);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        Func<string, string?> parameter = await HttpCredentials.ReadParametersAsync(http.Request);
        return sandbox.Google.Tokens.RevokeGrantOf(parameter("token"))
            ? Results.Ok()
            : GoogleErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_token", "Token expired or revoked");
    }

    private static IResult UserInfo(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        AccessTokenCheck check = sandbox.Google.Tokens.Check(HttpCredentials.ReadBearer(http.Request));
        if (check.Status != AccessTokenStatus.Valid || sandbox.Google.Accounts.FindBySub(check.Grant!.AccountId) is not { } account)
        {
            return new WithHeaderResult(
                GoogleErrors.OAuth(StatusCodes.Status401Unauthorized, "invalid_request", "Invalid Credentials"),
                "WWW-Authenticate",
                "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        }

        // Claims follow the granted scopes: email needs "email", names need "profile".
        var claims = new JsonObject { ["sub"] = account.Sub };
        if (GoogleScopes.GrantsProfile(check.Grant.Scopes))
        {
            claims["name"] = account.Name;
            claims["given_name"] = account.GivenName;
            claims["family_name"] = account.FamilyName;
        }

        if (GoogleScopes.GrantsEmail(check.Grant.Scopes))
        {
            claims["email"] = account.Email;
            claims["email_verified"] = true;
        }

        return Results.Json(claims, SandboxJson.SnakeCase);
    }

    private static IResult TokenResponse(ProviderSandboxState sandbox, GoogleAccount account, IssuedTokens issued, string? nonce, bool includeRefreshToken)
    {
        OAuthClientRegistration client = sandbox.Options.Google;
        string? idToken = GoogleScopes.GrantsIdToken(issued.Grant.Scopes)
            ? GoogleIdToken.Create(account, client.ClientId, client.ClientSecret, issued.Grant.Scopes, nonce, sandbox.Time.GetUtcNow())
            : null;
        return Results.Json(
            new GoogleTokenResponse(
                issued.AccessToken,
                issued.ExpiresIn,
                includeRefreshToken ? issued.RefreshToken : null,
                issued.Grant.Scope,
                "Bearer",
                idToken),
            SandboxJson.SnakeCase);
    }

    private static IResult Chooser(HttpContext http, ProviderSandboxState sandbox, PendingAuthorization pending, string? error) =>
        AccountChooserPage.Render(
            SandboxUrls.RootPath(http) + AuthorizePath + "/choose",
            sandbox.Pending.Save(pending),
            sandbox.Options.Google.ApplicationName,
            sandbox.Options.KnownAccounts,
            pending.LoginHint,
            error);
}

using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>The identity platform's token response (snake_case, as login.microsoftonline.com answers).</summary>
internal sealed record MicrosoftTokenResponse(string TokenType, string Scope, int ExpiresIn, int ExtExpiresIn, string AccessToken, string? RefreshToken);

/// <summary>
/// Microsoft identity platform v2.0: <c>/{tenant}/oauth2/v2.0/authorize</c> ("Sign in with Microsoft": pick an account, then
/// the permissions page) and <c>/{tenant}/oauth2/v2.0/token</c> (authorization_code with PKCE, refresh_token with rotation:
/// every refresh answers a new refresh token and the old one keeps working until 90 days unused).
/// </summary>
internal static class MicrosoftIdentityEndpoints
{
    private static readonly string[] Tenants = ["common", "organizations", "consumers"];

    public static void Map(RouteGroupBuilder microsoft)
    {
        microsoft.MapGet("/{tenant}/oauth2/v2.0/authorize", Authorize);
        microsoft.MapPost("/{tenant}/oauth2/v2.0/authorize/choose", ChooseAccountAsync);
        microsoft.MapPost("/{tenant}/oauth2/v2.0/authorize/decision", DecideAsync);
        microsoft.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync).WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Token));
    }

    private static IResult Authorize(string tenant, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        IQueryCollection query = http.Request.Query;
        OAuthClientRegistration client = sandbox.Options.Microsoft;
        string? clientId = query["client_id"];
        string? redirectUri = query["redirect_uri"];
        if (!IsTenant(tenant))
        {
            return HtmlPage.Error("Sign in", $"AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        // Never redirect to an unvalidated URI: a bad client or redirect URI gets an error page, as Microsoft's.
        if (clientId != client.ClientId)
        {
            return HtmlPage.Error("Sign in", $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        if (redirectUri is null || !RedirectUriPolicy.IsAllowed(client, redirectUri))
        {
            return HtmlPage.Error("Sign in", $"AADSTS50011: The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'.");
        }

        string? state = query["state"];
        if (query["response_type"] != "code")
        {
            return OAuthRedirect.Error(redirectUri, "unsupported_response_type", state, $"AADSTS700054: response_type '{query["response_type"]}' is not enabled for the application.");
        }

        string[] requested = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string?[] normalized = [.. requested.Select(MicrosoftScopes.Normalize)];
        if (requested.Length == 0 || normalized.Any(scope => scope is null))
        {
            return OAuthRedirect.Error(redirectUri, "invalid_scope", state, $"AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope '{query["scope"]}' is not valid.");
        }

        string? challenge = query["code_challenge"];
        string? method = query["code_challenge_method"];
        if ((challenge is null && method is not null)
            || (challenge is not null && (!Pkce.IsValidChallenge(challenge) || !Pkce.IsSupportedMethod(method ?? Pkce.Plain))))
        {
            return OAuthRedirect.Error(redirectUri, "invalid_request", state, "AADSTS501491: Invalid size of Code_Challenge parameter, or an unsupported code_challenge_method.");
        }

        var pending = new PendingAuthorization
        {
            Provider = SandboxProvider.Microsoft,
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            Scopes = [.. normalized.OfType<string>().Distinct(StringComparer.Ordinal)],
            State = state,
            CodeChallenge = challenge,
            CodeChallengeMethod = challenge is null ? null : method ?? Pkce.Plain,
            LoginHint = query["login_hint"],
            Offline = normalized.Contains(MicrosoftScopes.OfflineAccess),
        };
        return MicrosoftPages.Chooser(http, sandbox, tenant, sandbox.Pending.Save(pending), pending.LoginHint, null);
    }

    private static async Task<IResult> ChooseAccountAsync(string tenant, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Microsoft);
        if (post is null)
        {
            return error!;
        }

        if (!EmailAddress.IsValid(post.Email))
        {
            return MicrosoftPages.Chooser(http, sandbox, tenant, sandbox.Pending.Save(post.Pending), post.Email, "Enter a valid email address, phone number, or Skype name.");
        }

        PendingAuthorization signedIn = post.Pending with
        {
            Email = post.Email,
            DisplayName = ConsentForms.DisplayNameFor(sandbox.Options, post.Email!),
        };
        return MicrosoftPages.Consent(http, tenant, sandbox.Pending.Save(signedIn), signedIn, sandbox.Options.Microsoft.ApplicationName);
    }

    private static async Task<IResult> DecideAsync(string tenant, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ConsentForms.Post? post, IResult? error) = await ConsentForms.ReadAsync(http, sandbox, SandboxProvider.Microsoft);
        if (post is null)
        {
            return error!;
        }

        PendingAuthorization pending = post.Pending;
        if (pending.Email is null)
        {
            return HtmlPage.Error("Not signed in", "Pick an account before accepting.");
        }

        if (post.Decision != "allow")
        {
            return OAuthRedirect.Error(pending.RedirectUri, "access_denied", pending.State, "AADSTS65004: User declined to consent to access the app.");
        }

        MicrosoftAccount account = sandbox.Microsoft.Accounts.GetOrCreate(pending.Email, pending.DisplayName);
        if (tenant == "consumers" != account.Personal && tenant is "consumers" or "organizations")
        {
            return OAuthRedirect.Error(pending.RedirectUri, "invalid_request", pending.State, account.Personal
                ? $"AADSTS50020: User account '{account.Email}' from identity provider 'live.com' does not exist in tenant 'organizations'."
                : $"AADSTS50020: User account '{account.Email}' is a work or school account; the 'consumers' endpoint signs in personal Microsoft accounts only.");
        }

        string code = sandbox.Microsoft.Codes.Issue(new ApprovedAuthorization(
            pending.ClientId,
            pending.RedirectUri,
            pending.CodeChallenge,
            pending.CodeChallengeMethod,
            account.Email,
            account.DisplayName,
            pending.Scopes,
            pending.Offline,
            Nonce: null));
        return OAuthRedirect.To(pending.RedirectUri, ("code", code), ("state", pending.State), ("session_state", Guid.NewGuid().ToString()));
    }

    private static async Task<IResult> TokenAsync(string tenant, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        TimeProvider time = sandbox.Time;
        if (!http.Request.HasFormContentType)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", time);
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        string? Parameter(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        string grantType = Parameter("grant_type") ?? string.Empty;
        sandbox.Exchanges.Attempt(SandboxProvider.Microsoft, grantType.Length == 0 ? "(none)" : grantType);
        http.Response.Headers.CacheControl = "no-store, no-cache";

        // Client authentication: client_id + client_secret in the form (client_secret_post), or HTTP Basic.
        string? clientId = Parameter("client_id");
        string? secret = Parameter("client_secret");
        if (secret is null && HttpCredentials.TryReadBasic(http.Request, out string basicId, out string basicSecret))
        {
            (clientId, secret) = (clientId ?? basicId, basicSecret);
        }

        OAuthClientRegistration client = sandbox.Options.Microsoft;
        if (!IsTenant(tenant))
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 90002, $"Tenant '{tenant}' not found.", time);
        }

        if (clientId is null)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.", time);
        }

        if (clientId != client.ClientId)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.", time);
        }

        if (secret is null)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status401Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", time);
        }

        if (!HttpCredentials.SecretMatches(client.ClientSecret, secret))
        {
            return MicrosoftErrors.Identity(StatusCodes.Status401Unauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.", time);
        }

        return grantType switch
        {
            "authorization_code" => ExchangeCode(sandbox, Parameter),
            "refresh_token" => Refresh(sandbox, Parameter("refresh_token")),
            "" => MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", time),
            _ => MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.", time),
        };
    }

    private static IResult ExchangeCode(ProviderSandboxState sandbox, Func<string, string?> parameter)
    {
        TimeProvider time = sandbox.Time;
        if (parameter("code") is not { } code)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'code'.", time);
        }

        ApprovedAuthorization? approval = sandbox.Microsoft.Codes.Redeem(code);
        if (approval is null || approval.ClientId != sandbox.Options.Microsoft.ClientId)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", time);
        }

        if (parameter("redirect_uri") != approval.RedirectUri)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 500112, "The reply address does not match the reply address provided when requesting the authorization code.", time);
        }

        string? verifier = parameter("code_verifier");
        if (approval.CodeChallenge is not null && !Pkce.Verify(approval.CodeChallenge, approval.CodeChallengeMethod!, verifier))
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.", time);
        }

        MicrosoftAccount account = sandbox.Microsoft.Accounts.GetOrCreate(approval.Email, approval.DisplayName);
        IssuedTokens issued = sandbox.Microsoft.Tokens.CreateGrant(account.Id, account.Email, approval.ClientId, approval.Scopes, approval.Offline);
        sandbox.Exchanges.Succeeded(SandboxProvider.Microsoft, "authorization_code");
        return TokenResponse(issued);
    }

    private static IResult Refresh(ProviderSandboxState sandbox, string? refreshToken)
    {
        TimeProvider time = sandbox.Time;
        if (refreshToken is null)
        {
            return MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'refresh_token'.", time);
        }

        if (sandbox.Faults.TryConsumeInvalidGrant(SandboxProvider.Microsoft))
        {
            sandbox.Microsoft.Tokens.RevokeGrantOf(refreshToken); // as when the person revoked the app's consent
            return Revoked(time);
        }

        (IssuedTokens? issued, RefreshRefusal refusal) = sandbox.Microsoft.Tokens.TryRefresh(refreshToken, sandbox.Options.Microsoft.ClientId);
        if (issued is null)
        {
            return refusal switch
            {
                RefreshRefusal.Revoked => Revoked(time),
                RefreshRefusal.IdleExpired => MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", time),
                _ => MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.", time),
            };
        }

        sandbox.Exchanges.Succeeded(SandboxProvider.Microsoft, "refresh_token");
        return TokenResponse(issued);
    }

    private static IResult Revoked(TimeProvider time) =>
        MicrosoftErrors.Identity(StatusCodes.Status400BadRequest, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.", time);

    private static IResult TokenResponse(IssuedTokens issued) =>
        Results.Json(
            new MicrosoftTokenResponse("Bearer", MicrosoftScopes.Describe(issued.Grant.Scopes), issued.ExpiresIn, issued.ExpiresIn, issued.AccessToken, issued.RefreshToken),
            SandboxJson.SnakeCase);

    private static bool IsTenant(string tenant) =>
        Tenants.Contains(tenant, StringComparer.OrdinalIgnoreCase) || Guid.TryParse(tenant, out _) || (tenant.Contains('.', StringComparison.Ordinal) && EmailAddress.IsValid("x@" + tenant));
}

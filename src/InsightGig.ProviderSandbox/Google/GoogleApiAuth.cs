using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>Endpoint metadata: the Calendar API method an endpoint implements and the scopes that allow it.</summary>
/// <param name="Resource">The discovery resource the method belongs to: "events" or "channels".</param>
internal sealed record GoogleCalendarMethod(string Name, IReadOnlyList<string> Scopes, string Resource = "events")
{
    /// <summary>The RPC name Google reports in ErrorInfo, e.g. "calendar.v3.Events.Insert".</summary>
    public string RpcName => $"calendar.v3.{char.ToUpperInvariant(Resource[0])}{Resource[1..]}.{char.ToUpperInvariant(Name[0])}{Name[1..]}";
}

/// <summary>Bearer authentication and scope checks for Google APIs.</summary>
internal static class GoogleApiAuth
{
    public static (GoogleAccount? Account, OAuthGrant? Grant, IResult? Error) Authenticate(HttpContext http, ProviderSandboxState sandbox)
    {
        AccessTokenCheck check = sandbox.Google.Tokens.Check(HttpCredentials.ReadBearer(http.Request));
        if (check.Status != AccessTokenStatus.Valid || sandbox.Google.Accounts.FindBySub(check.Grant!.AccountId) is not { } account)
        {
            return (null, null, GoogleErrors.Unauthenticated(tokenMissing: check.Status == AccessTokenStatus.Missing));
        }

        GoogleCalendarMethod? method = http.GetEndpoint()?.Metadata.GetMetadata<GoogleCalendarMethod>();
        if (method is not null && !check.Grant.Scopes.Intersect(method.Scopes, StringComparer.Ordinal).Any())
        {
            return (null, null, GoogleErrors.InsufficientScopes(method.RpcName, method.Scopes));
        }

        return (account, check.Grant, null);
    }
}

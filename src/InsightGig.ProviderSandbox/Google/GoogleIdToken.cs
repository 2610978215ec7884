using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>
/// The id_token: a JWT signed HS256 with the client secret (a valid OpenID Connect algorithm for confidential clients;
/// real Google signs RS256 with its published keys). Claims: iss, azp, aud, sub, email, email_verified, name, iat, exp, nonce.
/// </summary>
internal static class GoogleIdToken
{
    public const string Issuer = "https://accounts.google.com";

    public static string Create(GoogleAccount account, string clientId, string clientSecret, IReadOnlyList<string> scopes, string? nonce, DateTimeOffset now)
    {
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["azp"] = clientId,
            ["aud"] = clientId,
            ["sub"] = account.Sub,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        if (GoogleScopes.GrantsEmail(scopes))
        {
            claims["email"] = account.Email;
            claims["email_verified"] = true;
        }

        if (GoogleScopes.GrantsProfile(scopes))
        {
            claims["name"] = account.Name;
            claims["given_name"] = account.GivenName;
            claims["family_name"] = account.FamilyName;
        }

        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        string header = Encode("""{"alg":"HS256","typ":"JWT"}""");
        string payload = Encode(claims.ToJsonString());
        byte[] signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}

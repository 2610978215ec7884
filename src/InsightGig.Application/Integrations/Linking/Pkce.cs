using System.Security.Cryptography;
using System.Text;

namespace InsightGig.Application.Integrations.Linking;

/// <summary>PKCE (RFC 7636, S256) and OAuth state values: 256 random bits each, base64url without padding.</summary>
internal static class Pkce
{
    public static string NewRandomValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string ChallengeFor(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

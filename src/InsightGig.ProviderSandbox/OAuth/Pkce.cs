using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>RFC 7636 proof key checks.</summary>
internal static class Pkce
{
    public const string S256 = "S256";
    public const string Plain = "plain";

    public static bool IsSupportedMethod(string? method) => method is S256 or Plain;

    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: >= 43 and <= 128 } && challenge.All(IsUnreserved);

    public static bool Verify(string challenge, string method, string? verifier)
    {
        if (verifier is not { Length: >= 43 and <= 128 } || !verifier.All(IsUnreserved))
        {
            return false;
        }

        string computed = method == S256
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}

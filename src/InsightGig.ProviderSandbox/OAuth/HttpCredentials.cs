using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>Reads client credentials (HTTP Basic) and bearer tokens from requests.</summary>
internal static class HttpCredentials
{
    public static bool TryReadBasic(HttpRequest request, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = string.Empty;
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            clientId = decoded[..colon];
            clientSecret = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string? ReadBearer(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string token = header["Bearer ".Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    public static bool SecretMatches(string expected, string? actual) =>
        actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    /// <summary>Form fields (when the body is a form) with the query string as fallback, as the providers accept both.</summary>
    public static async Task<Func<string, string?>> ReadParametersAsync(HttpRequest request)
    {
        IFormCollection? form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        return name =>
        {
            string? value = form?[name];
            return string.IsNullOrEmpty(value) ? (string?)request.Query[name] : value;
        };
    }
}

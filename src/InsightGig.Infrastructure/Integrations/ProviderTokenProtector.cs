using System.Security.Cryptography;
using InsightGig.Application.Integrations.Ports;
using Microsoft.AspNetCore.DataProtection;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// Encrypts provider tokens (and PKCE verifiers) with ASP.NET Core Data Protection. The key ring lives in the database,
/// so every app instance can read what another protected.
/// </summary>
public sealed class ProviderTokenProtector : ITokenProtector
{
    /// <summary>The Data Protection purpose; a new purpose (v2) would make every stored token unreadable.</summary>
    public const string Purpose = "InsightGig.ProviderTokens.v1";

    private readonly IDataProtector _protector;

    public ProviderTokenProtector(IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _protector = dataProtection.CreateProtector(Purpose);
    }

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return _protector.Protect(secret);
    }

    public string? Unprotect(string protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            // The key is gone or the value was tampered with: the caller treats it as "no token".
            return null;
        }
    }
}

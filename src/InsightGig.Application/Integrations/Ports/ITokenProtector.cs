namespace InsightGig.Application.Integrations.Ports;

/// <summary>Encrypts provider secrets (tokens, PKCE verifiers) for storage; the key ring is shared by all app instances.</summary>
public interface ITokenProtector
{
    string Protect(string secret);

    /// <summary>The clear text, or null when the value cannot be decrypted (for example the key is gone).</summary>
    string? Unprotect(string protectedSecret);
}

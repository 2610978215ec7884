using InsightGig.Infrastructure.Security;

namespace InsightGig.TestSupport;

/// <summary>
/// The certificate every test host encrypts its Data Protection key ring with: made once per test process (one RSA key,
/// no certificate store, nothing to install), in a temporary folder of its own, by the same code Development uses.
/// </summary>
public static class TestKeyRingCertificate
{
    private static readonly Lazy<string> Created = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "insightgig-tests", "keyring-" + Guid.NewGuid().ToString("N"), "keyring.pfx");
        KeyRingCertificates.EnsureCertificateFile(path, password: null);
        return path;
    });

    /// <summary>The certificate file (PKCS#12, no password).</summary>
    public static string Path => Created.Value;

    /// <summary>The settings that point a host at it.</summary>
    public static KeyValuePair<string, string?> Setting => new(KeyRingCertificates.PathKey, Path);
}

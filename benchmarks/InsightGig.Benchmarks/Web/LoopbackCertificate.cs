using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// A throw-away self-signed certificate for 127.0.0.1, so that the app runs as in production: over HTTPS, with its
/// cookies marked Secure and antiforgery requiring TLS. Written as a PFX with a random password for Kestrel.
/// </summary>
internal static class LoopbackCertificate
{
    private static string? _thumbprint;

    /// <summary>Whether <paramref name="certificate"/> is the one <see cref="Create"/> made in this process.</summary>
    public static bool IsOurs(X509Certificate? certificate) =>
        certificate is not null && _thumbprint is not null && string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.OrdinalIgnoreCase);

    public static (string Path, string Password) Create(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        _thumbprint = certificate.Thumbprint;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = System.IO.Path.Combine(folder, "loopback.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password);
    }
}

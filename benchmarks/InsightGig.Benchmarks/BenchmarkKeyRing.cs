using InsightGig.Infrastructure.Security;

namespace InsightGig.Benchmarks;

/// <summary>
/// The certificate that encrypts the Data Protection key ring in the benchmarks: the seeding host (in this process) and
/// the published app (its own process, Production) must share it, since one protects the tokens the other reads.
/// </summary>
internal static class BenchmarkKeyRing
{
    private static readonly Lazy<string> Created = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "insightgig-bench", "keyring.pfx");
        KeyRingCertificates.EnsureCertificateFile(path, password: null);
        return path;
    });

    /// <summary>The certificate file (PKCS#12, no password), made on first use.</summary>
    public static string CertificatePath => Created.Value;
}

using InsightGig.Infrastructure.Security;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The certificate that encrypts the Data Protection key ring. Outside Development it must be configured
/// (<c>DataProtection:Certificate:Path</c> and <c>:Password</c>) and exist, or the app does not start. Development makes a
/// self-signed one on first run, under the user's profile (or at the configured path), never in the repository or the database.
/// </summary>
internal static class KeyRingCertificateSetup
{
    public static void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment())
        {
            return; // AddInfrastructure refuses a missing or unreadable certificate.
        }

        var configuration = builder.Configuration;
        var path = configuration[KeyRingCertificates.PathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            path = KeyRingCertificates.DevelopmentDefaultPath();
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [KeyRingCertificates.PathKey] = path });
        }

        KeyRingCertificates.EnsureCertificateFile(path, configuration[KeyRingCertificates.PasswordKey]);
    }
}

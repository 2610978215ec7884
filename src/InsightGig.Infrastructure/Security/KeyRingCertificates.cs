using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Security;

/// <summary>
/// The X.509 certificates that encrypt the Data Protection key ring at rest. The key ring lives in the database; the
/// certificate never does, so a copy of the database alone decrypts no token or cookie.
/// <c>DataProtection:Certificate:Path</c> (+ <c>:Password</c>) encrypts new keys and decrypts; each
/// <c>DataProtection:PreviousCertificates:N:Path</c> (+ <c>:Password</c>) only decrypts the keys it encrypted (rotation).
/// </summary>
public static class KeyRingCertificates
{
    public const string PathKey = "DataProtection:Certificate:Path";
    public const string PasswordKey = "DataProtection:Certificate:Password";
    public const string PreviousSection = "DataProtection:PreviousCertificates";

    /// <summary>Where Development keeps its certificate unless <see cref="PathKey"/> says otherwise: the user's profile, outside the repository and the database.</summary>
    public static string DevelopmentDefaultPath()
    {
        var profile = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(profile)
            ? throw new StartupConfigurationException($"There is no user profile folder for the development certificate: set {PathKey}.")
            : Path.Combine(profile, "InsightGig", "data-protection-keyring.pfx");
    }

    /// <summary>Encrypts new keys with the configured certificate; decrypts with it and every previous one.</summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificates(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[PathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupConfigurationException(
                $"{PathKey} (and {PasswordKey}) must name the X.509 certificate that encrypts the Data Protection key ring " +
                "(environment: DataProtection__Certificate__Path, DataProtection__Certificate__Password).");
        }

        var current = Load(path, configuration[PasswordKey], PathKey);
        var previous = configuration.GetSection(PreviousSection).GetChildren()
            .Select(entry => Load(entry["Path"], entry["Password"], $"{PreviousSection}:{entry.Key}:Path"))
            .ToArray();
        return builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    /// <summary>
    /// Makes a self-signed key-encryption certificate at <paramref name="path"/> unless one is there (Development's first run).
    /// Written to a temporary file and moved into place, so two processes starting at once end up with the same one.
    /// True when this call made it.
    /// </summary>
    public static bool EnsureCertificateFile(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return false;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(CreateSelfSigned(password));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: use theirs.
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>
    /// Refuses the start when a live key of the ring (not expired, not revoked) cannot be decrypted with the configured
    /// certificates. Data Protection would otherwise pass over that key, make a new one and start normally, and everything
    /// protected under the old key (provider tokens) would silently become unreadable. Run before anything uses the key
    /// ring, so no new key is written under the wrong certificate. <paramref name="certificateMadeNow"/>: the path of a
    /// certificate Development made on this start (removed again here, so the next start does not take it for the old one).
    /// </summary>
    public static void EnsureKeysReadable(IServiceProvider services, IConfiguration configuration, bool development, string? certificateMadeNow)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        foreach (var key in services.GetRequiredService<IKeyManager>().GetAllKeys())
        {
            if (key.IsRevoked || key.ExpirationDate <= now)
            {
                continue;
            }

            try
            {
                _ = key.Descriptor;
            }
            catch (CryptographicException error)
            {
                var path = configuration[PathKey];
                if (certificateMadeNow is not null)
                {
                    File.Delete(certificateMadeNow);
                    throw new StartupConfigurationException(
                        $"there is no key ring certificate at {path}, and the key ring in the database holds keys encrypted with " +
                        $"another certificate (a new one would make every stored token unreadable): point {PathKey} at the old " +
                        "certificate, or start from a fresh development database.", error);
                }

                throw new StartupConfigurationException(
                    $"Data Protection key {key.KeyId} in the database cannot be decrypted with {PathKey} ({path}) or any " +
                    $"{PreviousSection}:N:Path: configure the certificate that encrypted it, as {PathKey} or under {PreviousSection}" +
                    (development ? ", or start from a fresh development database." : "."), error);
            }
        }
    }

    /// <summary>
    /// A key ring from before the certificate holds keys in plain form, and its default key would go on protecting new
    /// tokens until it nears expiry (up to 90 days), readable from a copy of the database. When the default key is plain,
    /// a new key, encrypted with the certificate and active from now, takes over; plain keys not yet active (made ahead
    /// of the old key's expiry, so they protected nothing) are revoked so they never take over. Plain keys already used
    /// keep decrypting what they protected until it is protected again (ARCHITECTURE.md says how to retire them).
    /// Run after <see cref="EnsureKeysReadable"/>, before anything uses the key ring.
    /// </summary>
    public static void EnsureDefaultKeyEncrypted(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var keyManager = services.GetRequiredService<IKeyManager>();
        var repository = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
        if (repository is null)
        {
            return;
        }

        var encrypted = repository.GetAllElements()
            .Where(element => element.Name.LocalName == "key" && element.Descendants().Any(child => child.Name.LocalName == "encryptedSecret"))
            .Select(element => Guid.TryParse((string?)element.Attribute("id"), out var id) ? id : Guid.Empty)
            .ToHashSet();
        var live = keyManager.GetAllKeys().Where(key => !key.IsRevoked && key.ExpirationDate > now).ToList();
        var current = live.Where(key => key.ActivationDate <= now).MaxBy(key => key.ActivationDate);
        foreach (var notYetActive in live.Where(key => key.ActivationDate > now && !encrypted.Contains(key.KeyId)))
        {
            keyManager.RevokeKey(notYetActive.KeyId, "Unencrypted key made before the key ring certificate; never active.");
        }

        if (current is not null && !encrypted.Contains(current.KeyId))
        {
            keyManager.CreateNewKey(now, now.AddDays(90));
        }
    }

    private static byte[] CreateSelfSigned(string? password)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=InsightGig Data Protection key ring (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    private static X509Certificate2 Load(string? path, string? password, string setting)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupConfigurationException($"{setting} is empty: name a certificate file (.pfx).");
        }

        if (!File.Exists(path))
        {
            throw new StartupConfigurationException($"{setting} names {path}, which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            // Ephemeral: the private key stays in memory, never copied into a key store (macOS has no ephemeral keys).
            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, flags);
        }
        catch (CryptographicException error)
        {
            throw new StartupConfigurationException($"{setting}: {path} could not be read as a PKCS#12 certificate with the configured password ({error.Message}).", error);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            certificate.Dispose();
            throw new StartupConfigurationException($"{setting}: {path} has no RSA private key; the key ring needs one to decrypt.");
        }

        return certificate;
    }
}

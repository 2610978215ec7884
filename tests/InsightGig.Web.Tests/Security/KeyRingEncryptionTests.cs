using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// The Data Protection key ring is in the database, encrypted with a certificate that is not: a copy of the database
/// (its key ring and its protected tokens) decrypts nothing; with the certificate it does. Development makes the
/// certificate on first run at the configured path and reuses it afterwards.
/// </summary>
public sealed class KeyRingEncryptionTests : IDisposable
{
    private const string Secret = "zoom-refresh-token-3f9a1c";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "insightgig-tests", "keyring-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    [Fact]
    public async Task A_copy_of_the_database_decrypts_nothing_without_the_certificate_and_everything_with_it()
    {
        var certificatePath = Path.Combine(_folder, "profile", "keyring.pfx");
        await using var first = new KeyRingWebFactory(certificatePath, connectionString: null);
        _ = first.Server;
        var protectedSecret = await ProtectAsync(first.Services, Secret);

        // Development made the certificate on first start, where it was told to: not next to the database.
        Assert.True(File.Exists(certificatePath), "Development did not make its key ring certificate.");
        var connectionString = first.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Sqlite"]!;
        var databaseFile = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Assert.NotEqual(Path.GetDirectoryName(databaseFile), Path.GetDirectoryName(certificatePath));

        // Every key in the database is encrypted: no plain master key, in the rows or anywhere in the file.
        var keys = await KeyRingRowsAsync(first.Services);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
        SqliteConnection.ClearAllPools();
        var raw = string.Join('\n', new[] { databaseFile, databaseFile + "-wal" }.Where(File.Exists).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain("unencrypted form", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, raw, StringComparison.Ordinal);

        // The attacker's view: the key ring copied out of the database, and the protected token.
        var copy = Directory.CreateDirectory(Path.Combine(_folder, "copied-key-ring"));
        for (var i = 0; i < keys.Count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(copy.FullName, $"key-{i}.xml"), keys[i], Ct);
        }

        var withoutCertificate = DataProtectionProvider.Create(copy, builder => builder.SetApplicationName("InsightGig"))
            .CreateProtector(ProviderTokenProtector.Purpose);
        Assert.ThrowsAny<CryptographicException>(() => withoutCertificate.Unprotect(protectedSecret));

        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
        var withCertificate = DataProtectionProvider.Create(copy, builder => builder.SetApplicationName("InsightGig").UnprotectKeysWithAnyCertificate(certificate))
            .CreateProtector(ProviderTokenProtector.Purpose);
        Assert.Equal(Secret, withCertificate.Unprotect(protectedSecret));

        // A second start keeps the certificate it finds, and reads what the first one protected.
        var certificateBytes = await File.ReadAllBytesAsync(certificatePath, Ct);
        await using var second = new KeyRingWebFactory(certificatePath, connectionString);
        _ = second.Server;
        Assert.Equal(certificateBytes, await File.ReadAllBytesAsync(certificatePath, Ct));
        await using var scope = second.Services.CreateAsyncScope();
        Assert.Equal(Secret, scope.ServiceProvider.GetRequiredService<ITokenProtector>().Unprotect(protectedSecret));
    }

    [Fact]
    public async Task A_previous_certificate_keeps_decrypting_after_rotation_and_without_it_the_app_refuses_to_start()
    {
        var oldPath = Path.Combine(_folder, "old.pfx");
        var newPath = Path.Combine(_folder, "new.pfx");
        await using var before = new KeyRingWebFactory(oldPath, connectionString: null);
        _ = before.Server;
        var protectedSecret = await ProtectAsync(before.Services, Secret);
        var connectionString = before.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Sqlite"]!;
        InsightGig.Infrastructure.Security.KeyRingCertificates.EnsureCertificateFile(newPath, password: null);

        await using var rotated = new KeyRingWebFactory(newPath, connectionString, previousCertificatePath: oldPath);
        await using (var scope = rotated.Services.CreateAsyncScope())
        {
            Assert.Equal(Secret, scope.ServiceProvider.GetRequiredService<ITokenProtector>().Unprotect(protectedSecret));
        }

        // Without the previous certificate the old key cannot be read: rather than make a new key and lose every stored
        // token without a word, the app refuses to start and names the setting.
        var keysBefore = await KeyRingRowsAsync(before.Services);
        SqliteConnection.ClearAllPools();
        var settings = new Dictionary<string, string>(StartupRefusal.Credentials, StringComparer.Ordinal)
        {
            ["ConnectionStrings__Sqlite"] = connectionString,
            ["DataProtection__Certificate__Path"] = newPath,
        };
        await StartupRefusal.AssertRefusesAsync("Production", settings, _folder, "DataProtection:PreviousCertificates", logsTheUnreadableKey: true);
        Assert.Equal(keysBefore, await KeyRingRowsAsync(before.Services));
    }

    [Fact]
    public async Task Development_does_not_make_a_new_certificate_over_a_key_ring_encrypted_with_another_one()
    {
        var oldPath = Path.Combine(_folder, "profile", "keyring.pfx");
        var missingPath = Path.Combine(_folder, "other-profile", "keyring.pfx");
        await using var before = new KeyRingWebFactory(oldPath, connectionString: null);
        _ = before.Server;
        await ProtectAsync(before.Services, Secret);
        var connectionString = before.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Sqlite"]!;
        var keysBefore = await KeyRingRowsAsync(before.Services);
        SqliteConnection.ClearAllPools();

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Sqlite"] = connectionString,
            ["DataProtection__Certificate__Path"] = missingPath,
            ["Database__SeedDemoData"] = "false",
        };
        await StartupRefusal.AssertRefusesAsync("Development", settings, _folder, "point DataProtection:Certificate:Path at the old certificate", logsTheUnreadableKey: true);

        // No certificate is left behind to be taken for the old one next time, and the key ring is as it was.
        Assert.False(File.Exists(missingPath), "Development left a new certificate over a key ring it cannot read.");
        Assert.Equal(keysBefore, await KeyRingRowsAsync(before.Services));
    }

    [Fact]
    public async Task A_key_ring_from_before_the_certificate_protects_new_data_with_an_encrypted_key_and_still_reads_the_old()
    {
        // A database as the app left it before the certificate: plain keys, the current one and the next one (made ahead
        // of the current one's expiry), and a token protected with the current one.
        var certificatePath = Path.Combine(_folder, "keyring.pfx");
        await using var before = new KeyRingWebFactory(certificatePath, connectionString: null);
        _ = before.Server;
        var connectionString = before.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Sqlite"]!;
        var plainFolder = Directory.CreateDirectory(Path.Combine(_folder, "plain-key-ring"));
        var preCertificate = new ServiceCollection();
        preCertificate.AddDataProtection().SetApplicationName("InsightGig").PersistKeysToFileSystem(plainFolder);
        string oldProtected;
        Guid nextPlainKey;
        await using (var plainServices = preCertificate.BuildServiceProvider())
        {
            var keyManager = plainServices.GetRequiredService<IKeyManager>();
            var now = DateTimeOffset.UtcNow;
            keyManager.CreateNewKey(now.AddDays(-80), now.AddDays(10));
            nextPlainKey = keyManager.CreateNewKey(now.AddDays(8), now.AddDays(98)).KeyId;
            oldProtected = plainServices.GetDataProtector(ProviderTokenProtector.Purpose).Protect(Secret);
        }

        await using (var scope = before.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.DataProtectionKeys.RemoveRange(db.DataProtectionKeys);
            foreach (var file in plainFolder.GetFiles("*.xml"))
            {
                var xml = await File.ReadAllTextAsync(file.FullName, Ct);
                Assert.DoesNotContain("<encryptedSecret", xml, StringComparison.Ordinal);
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file.Name), Xml = xml });
            }

            await db.SaveChangesAsync(Ct);
        }

        SqliteConnection.ClearAllPools();

        await using var after = new KeyRingWebFactory(certificatePath, connectionString);
        _ = after.Server;
        var newProtected = await ProtectAsync(after.Services, Secret);

        // The key that protected the new token is encrypted in the database (payload: 4-byte magic header, then the key id).
        var keyId = new Guid(WebEncoders.Base64UrlDecode(newProtected).AsSpan(4, 16));
        var keyXml = Assert.Single(await KeyRingRowsAsync(after.Services), xml => xml.Contains(keyId.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<encryptedSecret", keyXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", keyXml, StringComparison.Ordinal);
        // The plain key made ahead never takes over; the old token still reads.
        Assert.True(after.Services.GetRequiredService<IKeyManager>().GetAllKeys().Single(key => key.KeyId == nextPlainKey).IsRevoked);
        await using var reading = after.Services.CreateAsyncScope();
        Assert.Equal(Secret, reading.ServiceProvider.GetRequiredService<ITokenProtector>().Unprotect(oldProtected));
    }

    private static async Task<string> ProtectAsync(IServiceProvider services, string secret)
    {
        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<ITokenProtector>().Protect(secret);
    }

    private static async Task<List<string>> KeyRingRowsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync(Ct);
    }

    /// <summary>The Development app with its key ring certificate at a path of the test's own (made there on first start).</summary>
    private sealed class KeyRingWebFactory(string certificatePath, string? connectionString, string? previousCertificatePath = null)
        : InsightGigWebFactory(DatabaseProvider.Sqlite, connectionString, seedDemoData: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:Certificate:Path", certificatePath);
            builder.UseSetting("Jobs:RunServer", "false");
            if (previousCertificatePath is not null)
            {
                builder.UseSetting("DataProtection:PreviousCertificates:0:Path", previousCertificatePath);
            }
        }
    }
}

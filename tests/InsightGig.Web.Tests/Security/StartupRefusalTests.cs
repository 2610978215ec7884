using InsightGig.TestSupport;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// A configuration that cannot run safely stops the real app process at start: a non-zero exit code and one line on
/// standard error that says what to set, not an exception dump. Each case runs the built app (<c>dotnet InsightGig.Web.dll</c>)
/// in a temporary folder; a process still running after the time limit started when it should not have.
/// </summary>
public sealed class StartupRefusalTests
{
    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "Production", "credentials", "DataProtection:Certificate:Path" },
        { "Production", "credentials; certificate=missing", "does not exist" },
        { "Production", "credentials; certificate=not-a-certificate", "could not be read as a PKCS#12 certificate" },
        { "Production", "certificate", "Providers:Zoom:ClientId" },
        // A database nobody migrated: refused with what to run, not a stack trace (nor a 500 on every page).
        { "Production", "credentials; certificate", "migration(s) not applied yet: run build/migrate.sh" },
        { "Production", "certificate; Providers__Sandbox__Enabled=true", "never runs there" },
        // A database server that is down: the driver's reason on one line, not an exception dump.
        { "Production", "credentials; certificate; database=unreachable", "the database could not be reached" },
        // Notifications are a feature: no mail server refuses the start, unless emails are turned off on purpose (then the
        // start goes on to the next check, the unmigrated database).
        { "Production", "credentials; certificate; no-mail-server", "Email:Smtp:Host is not set" },
        { "Production", "credentials; certificate; no-mail-server; Email__Enabled=false", "migration(s) not applied yet" },
        { "Staging", "credentials; certificate; no-mail-server; Email__Enabled=maybe", "Email:Enabled is 'maybe'" },
        { "Staging", "credentials", "DataProtection:Certificate:Path" },
        { "Staging", "certificate", "Providers:Sandbox:Enabled=true" },
        { "Staging", "certificate; Providers__Sandbox__Enabled=true", "Providers:Zoom:WebhookSecretToken" },
        { "Staging", "certificate; Providers__Sandbox__Enabled=yes", "Providers:Sandbox:Enabled is 'yes'" },
        { "Staging", "credentials; certificate; Providers__Zoom__WebhookSecretToken=sandbox-zoom-webhook-secret", "published development secret" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_app_refuses_to_start_with_one_line_that_says_what_to_set(string environment, string setup, string expected)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "insightgig-tests", "startup-" + Guid.NewGuid().ToString("N")));
        try
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder.FullName, "insightgig.db")}",
            };
            foreach (var part in setup.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                switch (part)
                {
                    case "credentials":
                        foreach (var (key, value) in StartupRefusal.Credentials)
                        {
                            settings[key] = value;
                        }

                        break;
                    case "no-mail-server":
                        settings.Remove("Email__Smtp__Host");
                        break;
                    case "certificate":
                        settings["DataProtection__Certificate__Path"] = TestKeyRingCertificate.Path;
                        break;
                    case "database=unreachable":
                        // Nothing listens on the discard port of loopback: the connection is refused at once.
                        settings["Database__Provider"] = "PostgreSql";
                        settings["ConnectionStrings__PostgreSql"] = "Host=127.0.0.1;Port=9;Username=insightgig;Password=not-used;Timeout=5";
                        break;
                    case "certificate=missing":
                        settings["DataProtection__Certificate__Path"] = Path.Combine(folder.FullName, "missing.pfx");
                        break;
                    case "certificate=not-a-certificate":
                        var notACertificate = Path.Combine(folder.FullName, "not-a-certificate.pfx");
                        await File.WriteAllTextAsync(notACertificate, "not a certificate", TestContext.Current.CancellationToken);
                        settings["DataProtection__Certificate__Path"] = notACertificate;
                        break;
                    default:
                        var (name, value2) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                        settings[name] = value2;
                        break;
                }
            }

            await StartupRefusal.AssertRefusesAsync(environment, settings, folder.FullName, expected);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

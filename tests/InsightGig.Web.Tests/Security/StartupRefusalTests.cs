using System.Diagnostics;
using InsightGig.TestSupport;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// A configuration that cannot run safely stops the real app process at start: a non-zero exit code and one line on
/// standard error that says what to set, not an exception dump. Each case runs the built app (<c>dotnet InsightGig.Web.dll</c>)
/// in a temporary folder; a process still running after the time limit started when it should not have.
/// </summary>
public sealed class StartupRefusalTests
{
    private static readonly Dictionary<string, string> Credentials = new(StringComparer.Ordinal)
    {
        ["Providers__Zoom__ClientId"] = "dummy-zoom-client-id",
        ["Providers__Zoom__ClientSecret"] = "dummy-zoom-client-secret",
        ["Providers__Zoom__WebhookSecretToken"] = "dummy-zoom-webhook-secret",
        ["Providers__Google__ClientId"] = "dummy-google-client-id.apps.googleusercontent.com",
        ["Providers__Google__ClientSecret"] = "dummy-google-client-secret",
    };

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "Production", "credentials", "DataProtection:Certificate:Path" },
        { "Production", "credentials; certificate=missing", "does not exist" },
        { "Production", "credentials; certificate=not-a-certificate", "could not be read as a PKCS#12 certificate" },
        { "Production", "certificate", "Providers:Zoom:ClientId" },
        { "Production", "certificate; Providers__Sandbox__Enabled=true", "never runs there" },
        { "Staging", "credentials", "DataProtection:Certificate:Path" },
        { "Staging", "certificate", "Providers:Sandbox:Enabled=true" },
        { "Staging", "certificate; Providers__Sandbox__Enabled=true", "Providers:Zoom:WebhookSecretToken" },
        { "Staging", "credentials; certificate; Providers__Zoom__WebhookSecretToken=sandbox-zoom-webhook-secret", "published development secret" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_app_refuses_to_start_with_one_line_that_says_what_to_set(string environment, string setup, string expected)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "insightgig-tests", "startup-" + Guid.NewGuid().ToString("N")));
        try
        {
            var start = new ProcessStartInfo("dotnet", [WebAppDll()])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            start.Environment["DOTNET_ENVIRONMENT"] = environment;
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder.FullName, "insightgig.db")}";
            start.Environment["Jobs__RunServer"] = "false";
            foreach (var part in setup.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                switch (part)
                {
                    case "credentials":
                        foreach (var (key, value) in Credentials)
                        {
                            start.Environment[key] = value;
                        }

                        break;
                    case "certificate":
                        start.Environment["DataProtection__Certificate__Path"] = TestKeyRingCertificate.Path;
                        break;
                    case "certificate=missing":
                        start.Environment["DataProtection__Certificate__Path"] = Path.Combine(folder.FullName, "missing.pfx");
                        break;
                    case "certificate=not-a-certificate":
                        var notACertificate = Path.Combine(folder.FullName, "not-a-certificate.pfx");
                        await File.WriteAllTextAsync(notACertificate, "not a certificate", TestContext.Current.CancellationToken);
                        start.Environment["DataProtection__Certificate__Path"] = notACertificate;
                        break;
                    default:
                        var (name, value2) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                        start.Environment[name] = value2;
                        break;
                }
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{environment} with {setup} started instead of refusing.");
            }

            var error = (await stderr).Trim();
            Assert.NotEqual(0, process.ExitCode);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("InsightGig cannot start: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The app as built next to this test project (same configuration), with its runtime configuration.</summary>
    private static string WebAppDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var framework = output.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "InsightGig.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "InsightGig.Web", "bin", configuration, framework, "InsightGig.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built.");
        return dll;
    }
}

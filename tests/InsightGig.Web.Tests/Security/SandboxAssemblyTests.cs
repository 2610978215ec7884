using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InsightGig.TestSupport;
using InsightGig.Web.Tests.Hosting;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// The provider sandbox is test and development equipment: in Production the app never even loads its assembly. Checked on
/// the real app in a child process (a test host has the sandbox loaded already), by the files the process has mapped.
/// </summary>
public sealed class SandboxAssemblyTests
{
    private const string SandboxAssembly = "InsightGig.ProviderSandbox.dll";

    /// <summary>Every provider configured, as a production deployment with all three has it.</summary>
    private static readonly Dictionary<string, string> ProductionSettings = new()
    {
        ["Providers__Zoom__ClientId"] = "zoom-client",
        ["Providers__Zoom__ClientSecret"] = "zoom-secret",
        ["Providers__Zoom__WebhookSecretToken"] = "zoom-webhook-secret",
        ["Providers__Google__ClientId"] = "google-client",
        ["Providers__Google__ClientSecret"] = "google-secret",
        ["Providers__Microsoft__ClientId"] = "microsoft-client",
        ["Providers__Microsoft__ClientSecret"] = "microsoft-secret",
        ["Email__Smtp__Host"] = "smtp.example.invalid",
        // Production refuses to start without the certificate that encrypts the key ring.
        [TestKeyRingCertificate.Setting.Key.Replace(":", "__", StringComparison.Ordinal)] = TestKeyRingCertificate.Path,
    };

    [Fact]
    public async Task Production_never_loads_the_sandbox_assembly()
    {
        var mapped = await LoadedAssembliesAsync("Production", ProductionSettings);

        Assert.Contains("InsightGig.Web.dll", mapped);
        Assert.DoesNotContain(SandboxAssembly, mapped);
    }

    [Fact]
    public async Task The_graph_sdk_is_not_loaded_until_microsoft_is_called()
    {
        // 47 MB on disk, 7 MiB resident once loaded (docs/performance.md, "Memory: what the process holds"). The start builds
        // the EF model, which once loaded it by scanning every type of the Infrastructure assembly for configurations.
        var mapped = await LoadedAssembliesAsync("Production", ProductionSettings);

        Assert.Contains("Microsoft.EntityFrameworkCore.dll", mapped);
        Assert.DoesNotContain("Microsoft.Graph.dll", mapped);
    }

    [Fact]
    public async Task Production_loads_neither_telemetry_while_it_is_off_nor_another_databases_job_storage_or_ef_provider()
    {
        // The JIT loads the assembly of every type a method names when it compiles it, taken or not: one switch naming the
        // four job storages loaded all four, and the telemetry set-up loaded OpenTelemetry's SDK, hosting and exporter
        // with telemetry off (docs/performance.md, "Memory: what RSS counts, and what is loaded for nothing"). OpenTelemetry.dll
        // itself is still loaded by MVC's scan of the Web assembly's types (the redacting processor derives from its class).
        // EF Core's providers for the other two databases are not loaded either ("Memory: what fills the loader heaps").
        var mapped = await LoadedAssembliesAsync("Production", ProductionSettings);

        Assert.Contains("Hangfire.Storage.SQLite.dll", mapped);
        Assert.DoesNotContain("Hangfire.PostgreSql.dll", mapped);
        Assert.DoesNotContain("Hangfire.SqlServer.dll", mapped);
        Assert.DoesNotContain("Hangfire.InMemory.dll", mapped);
        Assert.DoesNotContain("OpenTelemetry.Extensions.Hosting.dll", mapped);
        Assert.DoesNotContain("OpenTelemetry.Exporter.OpenTelemetryProtocol.dll", mapped);
        Assert.Contains("Microsoft.EntityFrameworkCore.Sqlite.dll", mapped);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.SqlServer.dll", mapped);
        Assert.DoesNotContain("Microsoft.Data.SqlClient.dll", mapped);
        Assert.DoesNotContain("Npgsql.EntityFrameworkCore.PostgreSQL.dll", mapped);
    }

    [Fact]
    public async Task Development_without_credentials_mounts_the_sandbox_so_the_check_sees_it_when_it_is_loaded()
    {
        var mapped = await LoadedAssembliesAsync("Development", []);

        Assert.Contains(SandboxAssembly, mapped);
    }

    /// <summary>Starts the app, waits until it answers HTTP, and lists the assembly files it has mapped.</summary>
    private static async Task<IReadOnlyList<string>> LoadedAssembliesAsync(string environment, Dictionary<string, string> settings)
    {
        if (!File.Exists("/proc/self/maps"))
        {
            Assert.Skip("Needs /proc (Linux) to see which files a process has loaded.");
        }

        var app = BuiltApp.AssemblyPath();
        var folder = Path.Combine(Path.GetTempPath(), "insightgig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [app]) { WorkingDirectory = Path.GetDirectoryName(app)!, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder, "insightgig.db")}";
        // Migrated (not seeded): the start reads the key ring from the database, so an empty file would stop the app before it answers.
        start.Environment["Database__MigrateOnStartup"] = "true";
        start.Environment["Database__SeedDemoData"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        // Drained as the app writes, so its pipe never fills and blocks it.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The app stopped: {await errors}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/Account/Login"), TestContext.Current.CancellationToken);
                    break;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250, TestContext.Current.CancellationToken);
                }
            }

            return [.. (await File.ReadAllLinesAsync($"/proc/{process.Id}/maps", TestContext.Current.CancellationToken))
                .Where(line => line.EndsWith(".dll", StringComparison.Ordinal))
                .Select(line => Path.GetFileName(line[line.IndexOf('/', StringComparison.Ordinal)..]))
                .Distinct()];
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            _ = await output;
            _ = await errors;
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

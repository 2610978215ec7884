using System.Net;
using System.Text.Json;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Processes;
using Microsoft.Data.Sqlite;

namespace InsightGig.Integration.Tests.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> of the real app process on the embedded default, as a load balancer or an
/// orchestrator probes them: anonymous, JSON, 200 on a fresh run with every check listed; 503 (not a 500, and not a
/// page) once the database is behind its migrations; nothing in the body that is a secret, a path or an address.
/// </summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("insightgig-health-");

    [Fact]
    public async Task A_fresh_run_is_live_and_ready_with_every_check_listed_and_turns_unready_when_the_database_falls_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Path.Combine(_folder.FullName, "app.log");
        var appFile = Path.Combine(_folder.FullName, "insightgig.db");
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:Sqlite"] = $"Data Source={appFile}",
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemoData"] = "true",
            [TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value,
            ["Jobs:RunServer"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        // Started means serving /health/live; ready may follow a moment later (the job server's first heartbeat).
        await using var app = await AppProcess.StartAsync(settings, log, ct, readyPath: "/health/live");
        using var live = await app.Client.GetAsync(new Uri("/health/live", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status").GetString());

        var (status, body) = await WaitForReadyAsync(app, HttpStatusCode.OK, log, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(["database", "jobs", "key-ring", "providers"], checks.Keys.Order(StringComparer.Ordinal));
        Assert.All(checks.Values, s => Assert.Equal("Healthy", s));
        AssertNothingSecret(body);

        // The operator restores an older database under the running app: not a 500 on every page, but unready, saying what to run.
        await using (var connection = new SqliteConnection($"Data Source={appFile};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")";
            Assert.Equal(1, await forget.ExecuteNonQueryAsync(ct));
        }

        (status, body) = await WaitForReadyAsync(app, HttpStatusCode.ServiceUnavailable, log, ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var database = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Contains("1 migration(s) not applied: run build/migrate.sh", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        AssertNothingSecret(body);
    }

    private void AssertNothingSecret(string body)
    {
        Assert.DoesNotContain(_folder.FullName, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForReadyAsync(AppProcess app, HttpStatusCode wanted, string log, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await app.Client.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline || app.HasExited)
            {
                Assert.True(response.StatusCode == wanted, $"/health/ready answered {(int)response.StatusCode}: {body}; see {log}.");
                return (response.StatusCode, body);
            }

            await Task.Delay(200, ct);
        }
    }

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

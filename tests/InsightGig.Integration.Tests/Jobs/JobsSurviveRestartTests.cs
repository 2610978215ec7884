using Hangfire;
using Hangfire.States;
using Hangfire.Storage.SQLite;
using InsightGig.Infrastructure.Jobs;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Processes;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// On the embedded default (SQLite) a job waiting in Hangfire outlives the process: scheduled while one app process runs,
/// that process killed (SIGKILL) before the job was due, a new process on the same files runs it. With the in-memory
/// storage this used the job died with the process.
/// </summary>
public sealed class JobsSurviveRestartTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("insightgig-restart-");

    [Fact]
    public async Task A_scheduled_job_survives_a_killed_app_and_runs_in_the_next_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Path.Combine(_folder.FullName, "app.log");
        var appFile = Path.Combine(_folder.FullName, "insightgig.db");
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:Sqlite"] = $"Data Source={appFile}",
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemoData"] = "false",
            [TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value,
            ["Jobs:RunServer"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        string jobId;
        await using (var first = await AppProcess.StartAsync(settings, log, ct))
        {
            var jobsFile = Path.Combine(_folder.FullName, "insightgig-jobs.db");
            Assert.True(File.Exists(jobsFile), $"The app keeps no jobs file beside its database; see {log}.");
            using (var storage = new SQLiteStorage(jobsFile))
            {
                // Due in a few seconds: long after the kill below, long before the test gives up.
                jobId = new BackgroundJobClient(storage).Schedule<MeetingSyncJobs>(job => job.SweepAsync(CancellationToken.None), TimeSpan.FromSeconds(3));
            }

            await first.KillAsync();
        }

        using (var storage = new SQLiteStorage(Path.Combine(_folder.FullName, "insightgig-jobs.db")))
        {
            Assert.Equal(ScheduledState.StateName, storage.GetMonitoringApi().JobDetails(jobId).History[0].StateName);
        }

        await using var second = await AppProcess.StartAsync(settings, log, ct);
        using (var storage = new SQLiteStorage(Path.Combine(_folder.FullName, "insightgig-jobs.db")))
        {
            var history = await WaitForStateAsync(storage, jobId, SucceededState.StateName, second, log, ct);
            // It ran in the second process: its Hangfire server is named after that process's id.
            var processing = Assert.Single(history, h => h.StateName == ProcessingState.StateName);
            Assert.Contains($":{second.Id}:", processing.Data["ServerId"], StringComparison.Ordinal);
        }

        await second.StopAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<IList<Hangfire.Storage.Monitoring.StateHistoryDto>> WaitForStateAsync(
        SQLiteStorage storage, string jobId, string state, AppProcess app, string log, CancellationToken ct)
    {
        // Hangfire's scheduler moves due jobs on start and every 15 s; bounded by the test's own time limit too.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var history = storage.GetMonitoringApi().JobDetails(jobId).History;
            if (history.Count > 0 && history[0].StateName == state)
            {
                return history;
            }

            if (app.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Job {jobId} is {(history.Count > 0 ? history[0].StateName : "nowhere")}, not {state}; see {log}.");
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

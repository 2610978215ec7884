using System.Diagnostics;
using System.Globalization;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// Benchmark 4b: what <c>dotnet run</c> does on a fresh clone, minus the build: the published app in Development on a new
/// SQLite file (migrated and demo-seeded at start, the sandbox embedded), from process start to the first page served
/// (<c>GET /Account/Login</c> answering 200).
/// </summary>
internal static class ColdStart
{
    public static async Task RunAsync(WebBenchOptions options, BenchReport report, TextWriter log, CancellationToken ct)
    {
        var times = new List<double>();
        var memory = new List<double>();
        using var client = new HttpClient(WebSession.CreateHandler(null)) { Timeout = TimeSpan.FromSeconds(5) };
        for (var run = 0; run < options.ColdStarts; run++)
        {
            var folder = Path.Combine(options.Output, $"coldstart-{run}");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            var port = AppProcess.FreePort();
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = url.AbsoluteUri.TrimEnd('/'),
                ["Database__Provider"] = "Sqlite",
                ["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder, "insightgig.db")}",
                // Not the developer's own certificate under the profile (made on a first run, which would skew one start).
                ["DataProtection__Certificate__Path"] = BenchmarkKeyRing.CertificatePath,
            };
            var load = Stats.LoadAverage();
            var watch = Stopwatch.StartNew();
            await using var app = AppProcess.Start(options.App, environment, url, Path.Combine(folder, "app.log"));
            await app.WaitUntilServingAsync(client, "/Account/Login", TimeSpan.FromSeconds(120), ct);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            var peak = app.PeakWorkingSetBytes();
            times.Add(elapsed);
            memory.Add(peak);
            log.WriteLine($"  cold start {run + 1}/{options.ColdStarts}: first page after {elapsed:0} ms, working set {Stats.MiB(peak)}; load {load}");
            await app.StopAsync(TimeSpan.FromSeconds(10));
        }

        if (times.Count > 0)
        {
            report.Add("4. Memory / cold start", "cold start to first page (published app, Development, fresh SQLite: migrate + demo seed)",
                $"{Stats.Median(times):0} ms", $"median of {times.Count}");
            report.Add("4. Memory / cold start", "working set at first page (VmHWM)", Stats.MiB((long)Stats.Median(memory)));
        }
    }
}

using System.Globalization;
using InsightGig.Application.Common.Interfaces;
using InsightGig.ProviderSandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// <c>web</c>: every benchmark of ./build/bench.sh in one bounded run, then one table (medians of <c>--runs</c> runs).
/// The app is the published Release build in its own process (Production, HTTPS on loopback, PostgreSQL, a fresh
/// database seeded with a 50-collaborator, 200-meeting project); the provider sandbox runs in this process on loopback.
/// </summary>
internal static class WebBenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = WebBenchOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 2;
        }

        using var deadline = new CancellationTokenSource(options.Timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            deadline.Cancel();
        };
        var ct = deadline.Token;
        var log = Console.Out;
        var report = new BenchReport();
        var started = DateTimeOffset.Now;
        var machine = BenchReport.Machine();
        var loadAtStart = Stats.LoadAverage();
        log.WriteLine($"Machine: {machine}; load average {loadAtStart}");
        Directory.CreateDirectory(options.Output);
        try
        {
            if (options.Includes("page") || options.Includes("schedule") || options.Includes("queries") || options.Includes("serve"))
            {
                await RunWebAsync(options, report, log, ct);
            }

            if (options.Includes("token") && options.TokenConnections > 0)
            {
                await RunTokenRefreshAsync(options, report, log, ct);
            }

            if (options.Includes("coldstart") && options.ColdStarts > 0)
            {
                log.WriteLine("== 4. Cold start");
                await ColdStart.RunAsync(options, report, log, ct);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            report.Problem($"stopped after {options.Timeout.TotalSeconds:0} s (--timeout-seconds); the table holds what finished");
        }

        var title = $"InsightGig benchmarks, {started:yyyy-MM-dd HH:mm zzz}; {machine}; load average (1/5/15 min) at start {loadAtStart}, at end {Stats.LoadAverage()}";
        report.Write(log, title);
        var results = Path.Combine(options.Output, "results.md");
        await using (var file = new StreamWriter(results, append: false))
        {
            report.Write(file, title);
        }

        log.WriteLine($"(also in {results})");
        return report.Ok ? 0 : 1;
    }

    private static async Task RunWebAsync(WebBenchOptions options, BenchReport report, TextWriter log, CancellationToken ct)
    {
        await using var sandbox = await ProviderSandboxServer.StartAsync(configure: null, ct);
        await using var database = await BenchmarkDatabase.CreateAsync(options.Postgres, maxPoolSize: 100, ct);
        log.WriteLine($"Database {database.Name} created and migrated; sandbox at {sandbox.BaseAddress}");
        BenchWorld world;
        using (var host = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: false, workers: 1, services =>
        {
            services.AddScoped<BenchCurrentUser>();
            services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<BenchCurrentUser>());
        }))
        {
            await host.StartAsync(ct);
            world = await BenchWorld.SeedAsync(host.Services, sandbox.State, options.Collaborators, options.Meetings, accounts: 1, log, ct);
            if (options.Includes("queries"))
            {
                log.WriteLine("== 1a. The page's queries, in-process");
                await QueryBench.RunAsync(options, host.Services, world, report, log, ct);
            }

            await host.StopAsync(ct);
        }

        var (certificate, password) = LoopbackCertificate.Create(options.Output);
        var url = AppEnvironment.LoopbackHttps(AppProcess.FreePort());
        var environment = AppEnvironment.Production(url, certificate, password, database.ConnectionString, sandbox.BaseAddress);
        AppEnvironment.QuietRecurringJobs(environment);
        environment["Benchmarks__BareEndpoints"] = "true";
        foreach (var (key, value) in options.AppEnvironment)
        {
            environment[key] = value;
            log.WriteLine($"App environment: {key}={value}");
        }

        await using var app = AppProcess.Start(options.App, environment, url, Path.Combine(options.Output, "app.log"));
        using var session = new WebSession(url, TimeSpan.FromSeconds(30));
        var ready = await app.WaitUntilServingAsync(session.Client, "/Account/Login", TimeSpan.FromSeconds(120), ct);
        log.WriteLine($"App {app.Id} serving {url} after {ready.TotalSeconds:0.0} s (Production, PostgreSQL); log {app.LogPath}");
        await session.SignInAsync(world.Organizer.Email, BenchWorld.Password, ct);

        if (options.Includes("serve"))
        {
            // An investigation aid: the seeded app stays up (bounded by --seconds) for curl, wrk or dotnet-trace by hand.
            await File.WriteAllTextAsync(Path.Combine(options.Output, "serve.env"),
                $"URL={url}\nPID={app.Id}\nPROJECT={world.ProjectId}\nCOOKIE='{session.CookieHeader}'\n", ct);
            log.WriteLine($"Serving for {options.Seconds} s: {url}Projects/{world.ProjectId} (pid {app.Id}); cookie and ids in {Path.Combine(options.Output, "serve.env")}");
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), ct);
            return;
        }

        if (options.Includes("page"))
        {
            log.WriteLine("== 1. Project page vs bare endpoint");
            await PageBench.RunAsync(options, app, session, world, report, log, ct);
        }

        if (options.Includes("schedule"))
        {
            log.WriteLine("== 2. Schedule a meeting");
            await ScheduleBench.RunAsync(options, app, session, world, sandbox.State, database.ConnectionString, report, log, ct);
        }

        if (app.HasExited)
        {
            report.Problem($"the app exited during the benchmarks; see {app.LogPath}");
        }
    }

    private static async Task RunTokenRefreshAsync(WebBenchOptions options, BenchReport report, TextWriter log, CancellationToken ct)
    {
        log.WriteLine($"== 3. Token refresh ({options.TokenConnections:N0} connections, 50 ms on Zoom's token endpoint)");
        var tokenOptions = new BenchmarkOptions { Connections = options.TokenConnections, Postgres = options.Postgres, Timeout = options.Timeout };
        var runs = new List<IReadOnlyList<PathResult>>();
        for (var run = 0; run < options.TokenRuns; run++)
        {
            log.WriteLine($"  run {run + 1}/{options.TokenRuns}; load {Stats.LoadAverage()}");
            var results = await TokenRefreshCommand.RunAsync(tokenOptions, log, ct);
            ct.ThrowIfCancellationRequested();
            if (!TokenRefreshCommand.Succeeded(tokenOptions, results))
            {
                ResultTable.Write(log, results);
                report.Problem("token refresh: a refresh failed or the sandbox did not count one exchange per connection");
            }

            runs.Add(results);
        }

        foreach (var path in runs[0].Select(r => r.Path))
        {
            var mine = runs.SelectMany(r => r.Where(p => p.Path == path)).ToList();
            report.Add($"3. Token refresh, {options.TokenConnections:N0} connections, 50 ms token latency", $"{path} ({mine[0].Concurrency}): wall time · refreshes/s",
                $"{Stats.Median(mine.Select(r => r.WallTime.TotalSeconds)).ToString("0.0", CultureInfo.InvariantCulture)} s · {Stats.Number(Stats.Median(mine.Select(r => r.RefreshesPerSecond)))}/s",
                $"median of {mine.Count}; run 1: {mine[0].Notes}");
        }
    }
}

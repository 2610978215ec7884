using System.Globalization;
using InsightGig.ProviderSandbox;

namespace InsightGig.Benchmarks;

/// <summary>
/// Token refresh benchmark: a provider sandbox on loopback with latency on Zoom's token endpoint, a fresh PostgreSQL
/// database, N people with Zoom connections whose access tokens expire within the refresh window, then the real refresh
/// path. Prints one table row per path. Exit code 1 when a path failed a refresh or the sandbox counted a different
/// number of exchanges than connections.
/// </summary>
internal static class TokenRefreshCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchmarkOptions.Parse(args, Console.Error);
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
        var results = await RunAsync(options, Console.Out, deadline.Token);
        ResultTable.Write(Console.Out, results);
        var ok = Succeeded(options, results);
        Console.Out.WriteLine(ok ? "OK: every connection refreshed once; the sandbox counted one exchange per connection." : "NOT OK: see failures / exchanges above.");
        return ok ? 0 : 1;
    }

    public static bool Succeeded(BenchmarkOptions options, IReadOnlyList<PathResult> results) =>
        results.Count == (options.RunHangfire ? 1 : 0) + (options.RunDirect ? 1 : 0)
        && results.All(r => r.Failures == 0 && r.Exchanges == r.Connections);

    /// <summary>Runs the paths the options ask for; on time-out answers the results so far.</summary>
    public static async Task<IReadOnlyList<PathResult>> RunAsync(BenchmarkOptions options, TextWriter log, CancellationToken ct)
    {
        log.WriteLine($"Token refresh benchmark: {options.Connections:N0} connections, {options.LatencyMs} ms latency on Zoom's token endpoint, mode {options.Mode}, time limit {options.Timeout.TotalMinutes:0} min");
        var results = new List<PathResult>();
        try
        {
            await using var sandbox = await ProviderSandboxServer.StartAsync(configure: null, ct);
            if (options.LatencyMs > 0)
            {
                sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = options.LatencyMs });
            }

            // Room for the direct run's parallel refreshes (each holds a connection for its lease and its save) and Hangfire's workers.
            await using var database = await BenchmarkDatabase.CreateAsync(options.Postgres, maxPoolSize: Math.Max(100, options.Parallelism + options.Workers + 40), ct);
            log.WriteLine($"Database {database.Name} created and migrated; sandbox at {sandbox.BaseAddress}");
            var benchmark = new TokenRefreshBenchmark(options, sandbox, log);

            using (var app = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: false, options.Workers))
            {
                await app.StartAsync(ct);
                await benchmark.SeedAsync(app.Services, ct);
                await app.StopAsync(ct);
            }

            if (options.RunHangfire)
            {
                using var app = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: true, options.Workers);
                await app.StartAsync(ct);
                results.Add(await benchmark.RunHangfireAsync(app, ct));
                log.WriteLine($"Hangfire run done in {results[^1].WallTime.TotalSeconds:0.0} s");
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(stopping.Token);
            }

            if (options.RunDirect)
            {
                using var app = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: false, options.Workers);
                await app.StartAsync(ct);
                if (options.RunHangfire)
                {
                    // The Hangfire run renewed every token: make them all due again.
                    await TokenRefreshBenchmark.MakeAllDueAsync(app.Services, ct);
                }

                results.Add(await benchmark.RunDirectAsync(app.Services, ct));
                log.WriteLine($"Direct run done in {results[^1].WallTime.TotalSeconds:0.0} s");
                await app.StopAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Stopped: the run took longer than {options.Timeout.TotalSeconds:0} s (or was interrupted); partial results below.");
        }

        return results;
    }
}

/// <summary>The results as a small Markdown table.</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<PathResult> results)
    {
        string[] header = ["path", "connections", "concurrency", "wall time", "refreshes/s", "failures", "sandbox exchanges", "notes"];
        var rows = results.Select(r => new[]
        {
            r.Path,
            r.Connections.ToString("N0", CultureInfo.InvariantCulture),
            r.Concurrency,
            r.WallTime.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture),
            r.RefreshesPerSecond.ToString("0", CultureInfo.InvariantCulture),
            r.Failures.ToString(CultureInfo.InvariantCulture),
            r.Exchanges.ToString("N0", CultureInfo.InvariantCulture),
            r.Notes,
        }).ToList();
        MarkdownTable.Write(output, header, rows);
    }
}

/// <summary>A Markdown table with padded columns.</summary>
internal static class MarkdownTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        output.WriteLine();
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        output.WriteLine();
    }
}

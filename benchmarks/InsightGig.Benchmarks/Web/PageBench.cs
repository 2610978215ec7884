using System.Text.Json;
using System.Text.RegularExpressions;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// Benchmark 1: the project collaboration page against the bare JSON endpoint that runs the same queries, with wrk at
/// <c>--connections</c> connections, alternating the two, <c>--runs</c> times.
/// </summary>
internal static partial class PageBench
{
    public static async Task RunAsync(WebBenchOptions options, AppProcess app, WebSession session, BenchWorld world, BenchReport report, TextWriter log, CancellationToken ct)
    {
        var pagePath = $"/Projects/{world.ProjectId}";
        var barePath = $"/_bench/projects/{world.ProjectId}";
        await CheckSameDataAsync(session, pagePath, barePath, options, report, ct);
        // The page's GET set the antiforgery cookie, as a browser would keep it: wrk sends it back.
        var cookies = session.CookieHeader;
        var page = new Uri(app.BaseAddress, pagePath);
        var bare = new Uri(app.BaseAddress, barePath);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        async Task<WrkResult> MeasureAsync(Uri url)
        {
            var cpu = app.CpuTime();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = await Wrk.RunAsync(options.Wrk, url, cookies, options.Connections, 2, duration, log, ct);
            var used = app.CpuTime() - cpu;
            var perRequest = used.TotalMilliseconds / Math.Max(1, result.Requests);
            var cores = used / watch.Elapsed;
            log.WriteLine($"      app CPU per request {perRequest:0.00} ms; app busy {cores:0.00} of {Environment.ProcessorCount} cores");
            return result with { AppCpuMsPerRequest = perRequest, AppCores = cores };
        }

        app.ResetPeakWorkingSet();
        log.WriteLine($"  warm-up (8 s each: JIT tiering of the page takes a while on a busy machine); load {Stats.LoadAverage()}");
        await Wrk.RunAsync(options.Wrk, page, cookies, options.Connections, 2, TimeSpan.FromSeconds(8), log, ct);
        await Wrk.RunAsync(options.Wrk, bare, cookies, options.Connections, 2, TimeSpan.FromSeconds(8), log, ct);
        var pages = new List<WrkResult>();
        var bares = new List<WrkResult>();
        for (var run = 0; run < options.Runs; run++)
        {
            log.WriteLine($"  run {run + 1}/{options.Runs}; load {Stats.LoadAverage()}");
            // Alternate which goes first, so that a drift in the machine's load does not favour one.
            if (run % 2 == 0)
            {
                pages.Add(await MeasureAsync(page));
                bares.Add(await MeasureAsync(bare));
            }
            else
            {
                bares.Add(await MeasureAsync(bare));
                pages.Add(await MeasureAsync(page));
            }
        }

        var peak = app.PeakWorkingSetBytes();
        var name = $"1. Project page, {options.Collaborators} collaborators + {options.Meetings} meetings, {options.Connections} connections";
        var pageRps = Stats.Median(pages.Select(r => r.RequestsPerSecond));
        var bareRps = Stats.Median(bares.Select(r => r.RequestsPerSecond));
        var ratio = Stats.Median(pages.Zip(bares, (p, b) => p.RequestsPerSecond / b.RequestsPerSecond));
        report.Add(name, "page GET /Projects/{id}: req/s · p50 · p99",
            $"{Stats.Number(pageRps)} · {Stats.Ms(Stats.Median(pages.Select(r => r.P50Ms)))} · {Stats.Ms(Stats.Median(pages.Select(r => r.P99Ms)))}");
        report.Add(name, "bare GET /_bench/projects/{id} (JSON): req/s · p50 · p99",
            $"{Stats.Number(bareRps)} · {Stats.Ms(Stats.Median(bares.Select(r => r.P50Ms)))} · {Stats.Ms(Stats.Median(bares.Select(r => r.P99Ms)))}");
        report.Add(name, "app CPU per request: page · bare",
            $"{Stats.Ms(Stats.Median(pages.Select(r => r.AppCpuMsPerRequest)))} · {Stats.Ms(Stats.Median(bares.Select(r => r.AppCpuMsPerRequest)))}",
            "less disturbed by a busy machine than req/s");
        report.Add(name, "app CPU use during the runs: page · bare",
            $"{Stats.Number(Stats.Median(pages.Select(r => r.AppCores)), "0.00")} · {Stats.Number(Stats.Median(bares.Select(r => r.AppCores)), "0.00")} cores of {Environment.ProcessorCount}",
            "below 2: the app was not the bottleneck (wrk and other tenants share the cores)");
        report.Add(name, "page / bare throughput (median of per-run ratios)", Stats.Number(ratio * 100) + " %", ratio >= 0.5 ? "goal ≥ 50 %: met" : "goal ≥ 50 %: NOT met");
        report.Add("4. Memory", "peak working set during 1 (VmHWM)", Stats.MiB(peak));
        var errors = pages.Concat(bares).Sum(r => r.Non2xx + r.SocketErrors);
        if (errors > 0)
        {
            report.Problem($"page benchmark: {errors} non-2xx answers or socket errors");
        }
    }

    /// <summary>Both answer 200 with the same collaborators and meetings, so the comparison is fair.</summary>
    private static async Task CheckSameDataAsync(WebSession session, string pagePath, string barePath, WebBenchOptions options, BenchReport report, CancellationToken ct)
    {
        var html = await session.GetPageAsync(pagePath, ct);
        var json = await session.GetPageAsync(barePath, ct);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var pageCounts = (Person().Count(html), Meeting().Count(html));
        var bareCounts = (root.GetProperty("project").GetProperty("collaborators").GetArrayLength(), root.GetProperty("upcomingMeetings").GetArrayLength());
        if (pageCounts != (options.Collaborators, options.Meetings) || bareCounts != pageCounts)
        {
            report.Problem($"the page shows {pageCounts} (collaborators, meetings) and the bare endpoint {bareCounts}; expected ({options.Collaborators}, {options.Meetings})");
        }
    }

    [GeneratedRegex("<li class=\"person\">")]
    private static partial Regex Person();

    [GeneratedRegex("<li class=\"list__item meeting\">")]
    private static partial Regex Meeting();
}

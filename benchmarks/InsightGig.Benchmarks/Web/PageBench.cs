using System.Text.Json;
using System.Text.RegularExpressions;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// Benchmark 1: the project collaboration page against the bare JSON endpoint that runs the same queries, with wrk at
/// <c>--connections</c> connections. Both are warmed up first (unmeasured wrk runs, alternating, until each one's app CPU
/// per request has settled), then measured <c>--runs</c> times; each run interleaves the two as page, bare, bare, page
/// (bare, page, page, bare in every other run), so that a load change on the shared machine falls on both alike. The
/// table gives the median of the runs' ratios with each run's ratio and the app CPU and bytes allocated per request of
/// both beside it.
/// </summary>
internal static partial class PageBench
{
    /// <summary>The issue's goal: the page serves at least this share of the bare endpoint's requests per second.</summary>
    private const double Goal = 0.85;

    /// <summary>Warm-up rounds end when each endpoint's CPU per request moved less than this between two rounds.</summary>
    private const double Settled = 0.10;

    private const int MinWarmupRounds = 2;

    /// <summary>Fewer requests than this in a wrk run say nothing about CPU per request or throughput.</summary>
    private const int FewestRequests = 20;

    /// <summary>
    /// Up to 96 s of warm-up: on this 2-core machine the tiered JIT took more than 6 rounds (48 s) to bring the page to its
    /// steady CPU per request even on a quiet machine (14.8 → 5.9 ms), and a first run measured while still warming.
    /// </summary>
    private const int MaxWarmupRounds = 12;

    private static readonly TimeSpan WarmupRound = TimeSpan.FromSeconds(4);

    public static async Task RunAsync(WebBenchOptions options, AppProcess app, WebSession session, BenchWorld world, BenchReport report, TextWriter log, CancellationToken ct)
    {
        var pagePath = $"/Projects/{world.ProjectId}";
        var barePath = $"/_bench/projects/{world.ProjectId}";
        await CheckSameDataAsync(session, pagePath, barePath, options, report, ct);
        // The page's GET set the antiforgery cookie, as a browser would keep it: wrk sends it back.
        var cookies = session.CookieHeader;
        var page = new Uri(app.BaseAddress, pagePath);
        var bare = new Uri(app.BaseAddress, barePath);
        async Task<Segment> MeasureAsync(Uri url, TimeSpan duration)
        {
            var allocated = await AllocatedBytesAsync(session, ct);
            var cpu = app.CpuTime();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = await Wrk.RunAsync(options.Wrk, url, cookies, options.Connections, 2, duration, log, ct);
            var segment = new Segment(result, app.CpuTime() - cpu, watch.Elapsed, await AllocatedBytesAsync(session, ct) - allocated);
            log.WriteLine($"      app CPU per request {segment.CpuMsPerRequest:0.00} ms; allocated per request {segment.KiBPerRequest:0} KiB; app busy {segment.Cores:0.00} of {Environment.ProcessorCount} cores");
            return segment;
        }

        app.ResetPeakWorkingSet();
        // .NET's tiered JIT recompiles the page's Razor code for a while after its first requests (on a busy machine the
        // background compiler gets little CPU): a fixed warm-up left the first measured page run at 9.8 ms of CPU per
        // request against 6.0 in the next two. So warm up until the CPU per request stops falling, within bounds.
        double? lastPage = null, lastBare = null;
        for (var round = 1; round <= MaxWarmupRounds; round++)
        {
            log.WriteLine($"  warm-up round {round} (unmeasured, {WarmupRound.TotalSeconds:0} s each); load {Stats.LoadAverage()}");
            var pageRound = await MeasureAsync(page, WarmupRound);
            var bareRound = await MeasureAsync(bare, WarmupRound);
            var (pageCpu, bareCpu) = (pageRound.CpuMsPerRequest, bareRound.CpuMsPerRequest);
            var settled = pageRound.Wrk.Requests >= FewestRequests && bareRound.Wrk.Requests >= FewestRequests
                && lastPage is { } p && lastBare is { } b && Math.Abs(pageCpu - p) <= Settled * p && Math.Abs(bareCpu - b) <= Settled * b;
            (lastPage, lastBare) = (pageCpu, bareCpu);
            if (settled && round >= MinWarmupRounds)
            {
                break;
            }

            if (round == MaxWarmupRounds)
            {
                log.WriteLine($"  (CPU per request still moving after {MaxWarmupRounds} warm-up rounds: measuring anyway)");
            }
        }

        // Each endpoint gets --seconds per run, in two halves around the other's.
        var half = TimeSpan.FromSeconds(Math.Max(1, options.Seconds / 2));
        var runs = new List<PageRun>();
        for (var run = 0; run < options.Runs; run++)
        {
            log.WriteLine($"  run {run + 1}/{options.Runs}; load {Stats.LoadAverage()}");
            var pages = new List<Segment>();
            var bares = new List<Segment>();
            (Uri Url, List<Segment> Into) first = (page, pages), second = (bare, bares);
            if (run % 2 == 1)
            {
                (first, second) = (second, first);
            }

            first.Into.Add(await MeasureAsync(first.Url, half));
            second.Into.Add(await MeasureAsync(second.Url, half));
            second.Into.Add(await MeasureAsync(second.Url, half));
            first.Into.Add(await MeasureAsync(first.Url, half));
            var measured = new PageRun(Segment.Combine(pages), Segment.Combine(bares));
            log.WriteLine($"    run {run + 1}: page / bare {(measured.Starved ? "starved" : $"{measured.Ratio * 100:0} %")}; app CPU per request page {measured.Page.CpuMsPerRequest:0.00} · bare {measured.Bare.CpuMsPerRequest:0.00} ms; allocated per request page {measured.Page.KiBPerRequest:0} · bare {measured.Bare.KiBPerRequest:0} KiB");
            runs.Add(measured);
        }

        var peak = app.PeakWorkingSetBytes();
        var name = $"1. Project page, {options.Collaborators} collaborators + {options.Meetings} meetings, {options.Connections} connections";
        // A starved run (reported below) measured nothing: the medians are of the others.
        var measuredRuns = runs.Where(r => !r.Starved).ToList();
        var pageCpuMs = Stats.Median(measuredRuns.Select(r => r.Page.CpuMsPerRequest));
        var bareCpuMs = Stats.Median(measuredRuns.Select(r => r.Bare.CpuMsPerRequest));
        var ratio = Stats.Median(measuredRuns.Select(r => r.Ratio));
        var runRatios = string.Join(", ", runs.Select(r => r.Starved ? "starved" : Stats.Number(r.Ratio * 100) + " %"));
        report.Add(name, "page GET /Projects/{id}: req/s · p50 · p99",
            $"{Stats.Number(Stats.Median(measuredRuns.Select(r => r.Page.RequestsPerSecond)))} · {Stats.Ms(Stats.Median(measuredRuns.Select(r => r.Page.P50Ms)))} · {Stats.Ms(Stats.Median(measuredRuns.Select(r => r.Page.P99Ms)))}");
        report.Add(name, "bare GET /_bench/projects/{id} (JSON): req/s · p50 · p99",
            $"{Stats.Number(Stats.Median(measuredRuns.Select(r => r.Bare.RequestsPerSecond)))} · {Stats.Ms(Stats.Median(measuredRuns.Select(r => r.Bare.P50Ms)))} · {Stats.Ms(Stats.Median(measuredRuns.Select(r => r.Bare.P99Ms)))}");
        report.Add(name, "**page / bare throughput** (median of the runs' ratios)", $"**{(measuredRuns.Count == 0 ? "–" : Stats.Number(ratio * 100) + " %")}** (runs: {runRatios})",
            measuredRuns.Count == 0 ? "not measured" : ratio >= Goal ? $"goal ≥ {Goal * 100:0} %: met" : $"goal ≥ {Goal * 100:0} %: NOT met");
        report.Add(name, "app CPU per request: page · bare (their ratio)",
            $"{Stats.Ms(pageCpuMs)} · {Stats.Ms(bareCpuMs)} ({Stats.Number(bareCpuMs / pageCpuMs * 100)} %)",
            "less disturbed by a busy machine than req/s; bare / page is the throughput ratio the app's CPU alone allows");
        var pageKiB = Stats.Median(measuredRuns.Select(r => r.Page.KiBPerRequest));
        var bareKiB = Stats.Median(measuredRuns.Select(r => r.Bare.KiBPerRequest));
        report.Add(name, "allocated per request: page · bare (page − bare)",
            $"{Stats.Number(pageKiB)} · {Stats.Number(bareKiB)} KiB ({Stats.Number(pageKiB - bareKiB)} KiB)",
            "the app's GC.GetTotalAllocatedBytes over each run's requests (background work included): steadier than time on a busy machine, higher while the app's code is still being compiled");
        report.Add(name, "app CPU use during the runs: page · bare",
            $"{Stats.Number(Stats.Median(measuredRuns.Select(r => r.Page.Cores)), "0.00")} · {Stats.Number(Stats.Median(measuredRuns.Select(r => r.Bare.Cores)), "0.00")} cores of {Environment.ProcessorCount}",
            "below 2: the app was not the bottleneck (wrk and other tenants share the cores)");
        report.Add("4. Memory", "peak working set during 1 (VmHWM)", Stats.MiB(peak));
        var starved = runs.Count - measuredRuns.Count;
        if (starved > 0)
        {
            report.Problem($"page benchmark: {starved} of {runs.Count} runs served fewer than {FewestRequests} requests of one endpoint (machine too busy): left out of the medians");
        }

        var errors = runs.Sum(r => r.Page.Errors + r.Bare.Errors);
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

    /// <summary>The bytes the app has allocated so far (<c>GET /_bench/allocated</c>, mapped with the bare endpoint).</summary>
    private static async Task<long> AllocatedBytesAsync(WebSession session, CancellationToken ct) => (await ProcessRuntime.ReadAsync(session, ct)).Bytes;

    [GeneratedRegex("<li class=\"person\">")]
    private static partial Regex Person();

    [GeneratedRegex("<li class=\"list__item meeting\">")]
    private static partial Regex Meeting();

    /// <summary>One wrk run with the app CPU it cost and the bytes the app allocated meanwhile.</summary>
    private sealed record Segment(WrkResult Wrk, TimeSpan AppCpu, TimeSpan Elapsed, long AllocatedBytes)
    {
        public double CpuMsPerRequest => AppCpu.TotalMilliseconds / Math.Max(1, Wrk.Requests);

        public double KiBPerRequest => AllocatedBytes / 1024.0 / Math.Max(1, Wrk.Requests);

        public double Cores => AppCpu / Elapsed;

        /// <summary>The segments of one endpoint in one run as one: requests over their time, CPU over their requests.</summary>
        public static Measured Combine(IReadOnlyList<Segment> segments)
        {
            var requests = segments.Sum(s => s.Wrk.Requests);
            var seconds = segments.Sum(s => s.Wrk.Requests / Math.Max(s.Wrk.RequestsPerSecond, double.Epsilon));
            var cpu = segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.AppCpu);
            var elapsed = segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);
            return new Measured(
                requests,
                seconds > 0 ? requests / seconds : 0,
                segments.Average(s => s.Wrk.P50Ms),
                segments.Max(s => s.Wrk.P99Ms),
                cpu.TotalMilliseconds / Math.Max(1, requests),
                segments.Sum(s => s.AllocatedBytes) / 1024.0 / Math.Max(1, requests),
                cpu / elapsed,
                segments.Sum(s => s.Wrk.Non2xx + s.Wrk.SocketErrors));
        }
    }

    /// <summary>One endpoint in one run (p50: the mean of its segments' p50s; p99: the worse of their p99s).</summary>
    private sealed record Measured(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, double CpuMsPerRequest, double KiBPerRequest, double Cores, long Errors);

    private sealed record PageRun(Measured Page, Measured Bare)
    {
        public double Ratio => Page.RequestsPerSecond / Bare.RequestsPerSecond;

        /// <summary>Fewer than <see cref="FewestRequests"/> requests of either: CPU per request and throughput mean nothing.</summary>
        public bool Starved => Page.Requests < FewestRequests || Bare.Requests < FewestRequests;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using InsightGig.Benchmarks.Web;
using InsightGig.ProviderSandbox;

namespace InsightGig.Benchmarks.Load;

/// <summary>What one request of the load run got.</summary>
internal sealed record LoadSample(string Kind, int Status, double Ms, DateTimeOffset At);

/// <summary>One "Create meeting" submission (or its resubmission with the same form) and what it answered.</summary>
internal sealed record ScheduleAttempt(Guid Key, BenchAccount Organizer, string Platform, int Status);

/// <summary>
/// <c>load</c>: <c>--users</c> virtual users (default 100) for <c>--load-seconds</c> (60) against the published app, each
/// signed in as one of the project's collaborators, mixing the project page, "My meetings" and "Create meeting" with no
/// think time; provider failures are injected on a timeline; then <see cref="ConsistencyCheck"/> compares the database
/// with the sandbox. Exit code 1 when a check fails.
/// </summary>
internal static partial class LoadCommand
{
    /// <summary>Share of iterations that schedule a meeting; the rest view pages.</summary>
    private const double ScheduleShare = 0.2;

    /// <summary>Share of schedules on Google Meet (the calendar's own conference); the rest are Zoom + Calendar.</summary>
    private const double MeetShare = 0.2;

    /// <summary>Share of schedules resubmitted with the same form after the answer (a retried POST): must not make a second meeting.</summary>
    private const double ResubmitShare = 0.05;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Why the app refused "Create meeting" forms (the dialog's error list), counted: a clean 400 still has a reason worth reading.</summary>
    private static readonly ConcurrentDictionary<string, int> Refusals = new();

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
        try
        {
            return await RunAsync(options, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Console.Error.WriteLine($"NOT OK: stopped after {options.Timeout.TotalSeconds:0} s (--timeout-seconds) or interrupted.");
            return 1;
        }
    }

    private static async Task<int> RunAsync(WebBenchOptions options, CancellationToken ct)
    {
        var log = Console.Out;
        var loadAtStart = Stats.LoadAverage();
        log.WriteLine($"Load run: {options.Users} virtual users for {options.LoadSeconds} s; machine {BenchReport.Machine()}; load average {loadAtStart}");
        Directory.CreateDirectory(options.Output);

        await using var sandbox = await ProviderSandboxServer.StartAsync(configure: null, ct);
        await using var database = await BenchmarkDatabase.CreateAsync(options.Postgres, maxPoolSize: 100, ct);
        using var host = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: false, workers: 1);
        await host.StartAsync(ct);
        var accounts = Math.Min(options.Collaborators, options.Users);
        var world = await BenchWorld.SeedAsync(host.Services, sandbox.State, options.Collaborators, options.Meetings, accounts, log, ct);

        var (certificate, password) = LoopbackCertificate.Create(options.Output);
        var url = AppEnvironment.LoopbackHttps(AppProcess.FreePort());
        // Production as deployed: the recurring jobs (token refresh, meeting sweep, calendar sync) run on their own schedules.
        var environment = AppEnvironment.Production(url, certificate, password, database.ConnectionString, sandbox.BaseAddress);
        await using var app = AppProcess.Start(options.App, environment, url, Path.Combine(options.Output, "load-app.log"));
        using (var probe = new WebSession(url, TimeSpan.FromSeconds(10)))
        {
            await app.WaitUntilServingAsync(probe.Client, "/Account/Login", TimeSpan.FromSeconds(120), ct);
        }

        // Each account signs in once (as a browser would) and takes the project page's antiforgery token.
        var sessions = new ConcurrentDictionary<Guid, (string Cookies, string Token)>();
        await Parallel.ForEachAsync(world.Accounts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (account, token) =>
        {
            using var session = new WebSession(url, TimeSpan.FromSeconds(60));
            await session.SignInAsync(account.Email, BenchWorld.Password, token);
            var formToken = await session.FormTokenAsync($"/Projects/{world.ProjectId}", token);
            sessions[account.PersonId] = (session.CookieHeader, formToken);
        });
        log.WriteLine($"{sessions.Count} accounts signed in; app {app.Id} on {url}; log {app.LogPath}");

        var samples = new ConcurrentBag<LoadSample>();
        var attempts = new ConcurrentBag<ScheduleAttempt>();
        var transportErrors = new ConcurrentBag<string>();
        app.ResetPeakWorkingSet();
        var watch = Stopwatch.StartNew();
        using var handler = WebSession.CreateHandler(cookies: null);
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = url, Timeout = RequestTimeout };
        using var stopIssuing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stopIssuing.CancelAfter(TimeSpan.FromSeconds(options.LoadSeconds));
        var faults = options.Faults ? InjectFaultsAsync(sandbox.State, options.LoadSeconds, log, stopIssuing.Token) : Task.CompletedTask;
        var users = Enumerable.Range(0, options.Users).Select(i => Task.Run(
            () => VirtualUserAsync(i, client, world, world.Accounts[i % world.Accounts.Count], sessions, samples, attempts, transportErrors, stopIssuing.Token, ct), ct)).ToList();
        await Task.WhenAll(users);
        await faults;
        var elapsed = watch.Elapsed;
        sandbox.State.ClearFaults();
        var peak = app.PeakWorkingSetBytes();
        log.WriteLine($"Load done in {elapsed.TotalSeconds:0.0} s; load average {Stats.LoadAverage()}; checking the database against the sandbox…");

        var figures = LoadFigures.Summarize(samples, attempts, transportErrors, elapsed, peak);
        var check = await ConsistencyCheck.RunAsync(host.Services, sandbox.State, world, [.. attempts], ct);
        figures.Write(log);
        foreach (var (reason, count) in Refusals.OrderByDescending(r => r.Value))
        {
            log.WriteLine($"- schedule refused {count}×: {reason}");
        }

        check.Write(log);
        log.WriteLine($"Load average (1/5/15 min) at start {loadAtStart}, at end {Stats.LoadAverage()}.");
        await host.StopAsync(CancellationToken.None);
        var ok = check.Ok && figures.ServerErrors == 0 && transportErrors.IsEmpty && !app.HasExited;
        log.WriteLine(ok
            ? "OK: no 5xx, every successful schedule has exactly one meeting row, provider meeting and calendar event; every failure was a clean 4xx/503 with nothing left behind."
            : "NOT OK: see above.");
        return ok ? 0 : 1;
    }

    private static async Task VirtualUserAsync(
        int index,
        HttpClient client,
        BenchWorld world,
        BenchAccount account,
        ConcurrentDictionary<Guid, (string Cookies, string Token)> sessions,
        ConcurrentBag<LoadSample> samples,
        ConcurrentBag<ScheduleAttempt> attempts,
        ConcurrentBag<string> transportErrors,
        CancellationToken stopIssuing,
        CancellationToken ct)
    {
        var random = new Random(index);
        var (cookies, token) = sessions[account.PersonId];
        // Only clients schedule (experts answer invitations): each virtual user's "Create meeting" goes out as one of the
        // client accounts, spread over all of them as real clients' meetings are, so each organizer's provider quotas
        // (Zoom's per-second and daily limits, held by the quota gate) see that organizer's share, not everyone's.
        var organizer = world.Schedulers.Count > 0 ? world.Schedulers[index % world.Schedulers.Count] : null;
        var (organizerCookies, organizerToken) = organizer is null ? (cookies, token) : sessions[organizer.PersonId];
        var others = world.CollaboratorIds.Where(id => id != organizer?.PersonId).ToList();
        var iteration = 0;
        while (!stopIssuing.IsCancellationRequested)
        {
            iteration++;
            var roll = random.NextDouble();
            try
            {
                if (roll < ScheduleShare && organizer is not null)
                {
                    var platform = random.NextDouble() < MeetShare ? "google-meet" : "zoom";
                    var key = Guid.NewGuid();
                    var day = DateTime.UtcNow.Date.AddDays(2 + random.Next(120));
                    var start = day.AddHours(8 + random.Next(9)).AddMinutes(15 * random.Next(4));
                    Guid[] invited = [others[random.Next(others.Count)], others[random.Next(others.Count)]];
                    var resubmit = random.NextDouble() < ResubmitShare;
                    for (var submission = 0; submission < (resubmit ? 2 : 1); submission++)
                    {
                        using var form = WebSession.ScheduleForm(organizerToken, key, platform, $"Load call {index}-{iteration}", start, start.AddMinutes(30), invited);
                        try
                        {
                            var status = await SendAsync(client, HttpMethod.Post, WebSession.ScheduleUri(world.ProjectId), organizerCookies, form, "schedule", samples, ct);
                            attempts.Add(new ScheduleAttempt(key, organizer, platform, status));
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                        {
                            // Status 0: the outcome is unknown to the client; the check still wants it whole or clean.
                            attempts.Add(new ScheduleAttempt(key, organizer, platform, 0));
                            throw;
                        }
                    }
                }
                else
                {
                    var path = roll < ScheduleShare + 0.6 ? $"/Projects/{world.ProjectId}" : "/Meetings";
                    await SendAsync(client, HttpMethod.Get, new Uri(path, UriKind.Relative), cookies, null, path == "/Meetings" ? "my meetings" : "project page", samples, ct);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                transportErrors.Add($"user {index}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static async Task<int> SendAsync(
        HttpClient client, HttpMethod method, Uri uri, string cookies, HttpContent? content, string kind, ConcurrentBag<LoadSample> samples, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Cookie", cookies);
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (kind == "schedule" && status == 400)
        {
            foreach (var reason in RefusalReasons(body))
            {
                Refusals.AddOrUpdate(reason, 1, (_, n) => n + 1);
            }
        }

        samples.Add(new LoadSample(kind, status, watch.Elapsed.TotalMilliseconds, DateTimeOffset.UtcNow));
        return status;
    }

    private static IEnumerable<string> RefusalReasons(string page)
    {
        var errors = SchedulingErrors().Match(page);
        if (errors.Success)
        {
            return ErrorItem().Matches(errors.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim()));
        }

        var refused = SchedulingRefused().Match(page);
        return refused.Success ? [WebUtility.HtmlDecode(refused.Groups[1].Value.Trim())]
            : [page.Length == 0 ? "(empty answer: the antiforgery check?)" : "(other page) " + page[..Math.Min(page.Length, 160)].ReplaceLineEndings(" ")];
    }

    [GeneratedRegex("id=\"schedule-refused\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex SchedulingRefused();

    [GeneratedRegex("id=\"schedule-errors\".*?<ul>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex SchedulingErrors();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ErrorItem();

    /// <summary>
    /// Provider trouble during the run: a 3-second Google Calendar outage (inserts fail after their retries, so the Zoom
    /// meetings already made must be undone and the organizer gets a clean 503), a burst of Zoom 429s, then a slow Calendar.
    /// </summary>
    private static async Task InjectFaultsAsync(ProviderSandboxState sandbox, int seconds, TextWriter log, CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0), ct);
            sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = (int)HttpStatusCode.ServiceUnavailable });
            log.WriteLine($"  t={seconds / 4} s: Google Calendar answers every API call with 503 for 3 s");
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            sandbox.ClearFaults();
            await Task.Delay(TimeSpan.FromSeconds((seconds / 4.0) - 3), ct);
            sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = (int)HttpStatusCode.TooManyRequests, RetryAfterSeconds = 1, FailNext = 30 });
            log.WriteLine($"  t={seconds / 2} s: Zoom answers the next 30 API calls with 429 (Retry-After: 1)");
            await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0), ct);
            sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, LatencyMs = 300 });
            log.WriteLine($"  t={3 * seconds / 4} s: Google Calendar slows to 300 ms per call");
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}

/// <summary>The load run's figures: per kind of request, counts, rate, latency and status codes.</summary>
internal sealed class LoadFigures
{
    private readonly List<IReadOnlyList<string>> _rows = [];

    public int ServerErrors { get; private init; }

    public IReadOnlyList<string> Notes { get; private init; } = [];

    public static LoadFigures Summarize(
        IEnumerable<LoadSample> samples, IEnumerable<ScheduleAttempt> attempts, IEnumerable<string> transportErrors, TimeSpan elapsed, long peakWorkingSet)
    {
        var all = samples.ToList();
        var figures = new LoadFigures
        {
            ServerErrors = all.Count(s => s.Status >= 500 && s.Status != 503),
            Notes =
            [
                $"{attempts.Select(a => a.Key).Distinct().Count()} meetings attempted ({attempts.Count()} submissions, resubmissions included)",
                $"peak working set of the app during the run: {Stats.MiB(peakWorkingSet)}",
                $"transport errors / client time-outs: {transportErrors.Count()}",
                .. transportErrors.Take(5),
            ],
        };
        foreach (var group in all.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Append(all.GroupBy(_ => "all").Single()))
        {
            var times = group.Select(s => s.Ms).ToList();
            var statuses = string.Join(", ", group.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
            figures._rows.Add(
            [
                group.Key,
                group.Count().ToString(CultureInfo.InvariantCulture),
                Stats.Number(group.Count() / elapsed.TotalSeconds, "0.0"),
                Stats.Ms(Stats.Percentile(times, 50)),
                Stats.Ms(Stats.Percentile(times, 99)),
                statuses,
            ]);
        }

        return figures;
    }

    public void Write(TextWriter output)
    {
        MarkdownTable.Write(output, ["requests", "count", "per second", "p50", "p99", "status codes"], _rows);
        foreach (var note in Notes)
        {
            output.WriteLine("- " + note);
        }

        output.WriteLine($"- 5xx other than 503: {ServerErrors}");
    }
}

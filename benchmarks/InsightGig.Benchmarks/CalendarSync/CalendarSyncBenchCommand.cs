using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Quotas;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace InsightGig.Benchmarks.CalendarSync;

/// <summary>
/// Calendar read-back at scale: N organizers with a connected calendar and a meeting ahead, 1 % of calendars changing each
/// minute, push on or off. Simulated: the clock (a fake clock, one simulated minute per step, changes and notifications at
/// random seconds inside it; a read is stamped with the simulated instant plus the real time spent since it was set) and
/// Hangfire (the sweep and the queued syncs are run by this command, --parallelism at a time, as background work; the
/// changes of one simulated second are announced together and their syncs run side by side). The calendars
/// (<c>--provider</c>, <see cref="ICalendarsUnderTest"/>): <c>sandbox</c> (default), the provider sandbox over real HTTP on its
/// own loopback port with --latency-ms per API call, read by the app's adapter, its notifications POSTed to the app's
/// webhook; or <c>in-process</c>, a port that waits --latency-ms of real time per call. Real: the database (PostgreSQL,
/// seeded in bulk on the server), the use cases (<see cref="ClaimDueCalendarSyncsCommand"/>,
/// <see cref="SyncCalendarChangesCommand"/>, <see cref="WatchCalendarCommand"/>, <see cref="ReceiveCalendarNotificationCommand"/>)
/// and their scheduling rules. The first --warmup-minutes are not counted (every calendar's first, full read, and the idle
/// back-off settling). Besides the averages, the busiest counted minute and the requests of every ten counted minutes are
/// printed: calendars first read together must not come due together again (with push, their hourly safety reads), which
/// an average over the hour hides; run two simulated hours or more (<c>--warmup-minutes 5 --minutes 120</c>) to see the
/// hour's wrap.
/// </summary>
internal static class CalendarSyncBenchCommand
{
    /// <summary>
    /// With the sandbox, calls the quota gate holds back wait for the next window of the simulated clock, which stands still
    /// while a step's syncs run: when no request has reached the calendar for this long while syncs are outstanding and the
    /// gate has said calls are waiting, the clock moves on to the next minute (counted and printed).
    /// </summary>
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var organizers = CommandArgs.Int(args, "--organizers", 10_000);
        var minutes = CommandArgs.Int(args, "--minutes", 60);
        var warmup = CommandArgs.Int(args, "--warmup-minutes", 20);
        var parallelism = CommandArgs.Int(args, "--parallelism", 32);
        var latencyMs = CommandArgs.Int(args, "--latency-ms", 50);
        var push = CommandArgs.Value(args, "--push") ?? "both";
        var provider = CommandArgs.Value(args, "--provider") ?? "sandbox";
        if (provider is not ("sandbox" or "in-process"))
        {
            Console.Error.WriteLine($"--provider {provider}: expected sandbox or in-process.");
            return 2;
        }

        var postgres = CommandArgs.Postgres();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(CommandArgs.Int(args, "--timeout-seconds", 3600)));

        Console.WriteLine($"Calendar read-back: {organizers:N0} organizers, 1 % changing a minute, {warmup} warm-up + {minutes} counted simulated minutes, " +
            $"{latencyMs} ms per provider call, {parallelism} syncs at a time, calendars: {provider}");
        Console.WriteLine("Simulated: the clock (plus the real time spent since each simulated instant) and Hangfire (this command runs the queued syncs). Real: PostgreSQL and the app's commands and queries" +
            (provider == "sandbox" ? ", the app's calendar adapter over HTTP to the provider sandbox and its webhook endpoint." : "; the calendar provider is in process (real waiting)."));
        Console.WriteLine("| push | organizers | provider requests/min (reads + channel opens) | goal (push: changes + organizers/60 + renewals) | busiest minute: requests (simulated minute) | sweep claim s (median · max) | calendars claimed/sweep (median) | sweep + syncs wall s/min (median) | process CPU ms per request | lag p50 s | lag p95 s | never read |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var perTenMinutes = new List<string>();
        foreach (var pushOn in push switch { "on" => new[] { true }, "off" => [false], _ => [true, false] })
        {
            var (row, tens) = await RunOnceAsync(postgres, provider, organizers, warmup, minutes, parallelism, latencyMs, pushOn, deadline.Token);
            Console.WriteLine(row);
            perTenMinutes.Add(tens);
        }

        Console.WriteLine();
        perTenMinutes.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The email of organizer <paramref name="index"/> (the seed's SQL writes the same).</summary>
    public static string OrganizerEmail(int index) => string.Create(CultureInfo.InvariantCulture, $"organizer.{index}@bench.example");

    private static async Task<(string Row, string PerTenMinutes)> RunOnceAsync(string postgres, string provider, int organizerCount, int warmup, int minutes, int parallelism, int latencyMs, bool pushOn, CancellationToken ct)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(postgres, maxPoolSize: parallelism + 20, ct);
        var clock = new SimulatedClock(new FakeTimeProvider(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero)));
        await using ICalendarsUnderTest calendars = provider == "sandbox"
            ? await SandboxCalendars.StartAsync(clock, latencyMs, ct)
            : new InProcessCalendars(new SimulatedCalendar(clock, latencyMs), parallelism);
        var queued = new QueuedSyncs();
        var quotaWaits = new QuotaWaitCounter();
        void Services(IServiceCollection services)
        {
            QuotaWaitCounter.Register(services, quotaWaits);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock.Time));
            calendars.Register(services);
            services.Replace(ServiceDescriptor.Singleton<ICalendarSyncScheduler>(queued));
        }

        using var app = calendars.DeliversNotifications
            ? (IHost)AppHost.BuildWithWebhooks(database.ConnectionString, calendars.SandboxRoot, workers: 1, Services)
            : AppHost.Build(database.ConnectionString, calendars.SandboxRoot, runHangfireServer: false, workers: 1, Services);
        Uri webhooks;
        if (calendars.DeliversNotifications)
        {
            await app.StartAsync(ct);
            webhooks = new Uri(AppHost.AddressOf(app), CalendarSyncJobs.WebhooksPath.TrimStart('/'));
        }
        else
        {
            webhooks = new Uri("https://insightgig.example" + CalendarSyncJobs.WebhooksPath);
        }

        try
        {
            return await SimulateAsync(app.Services, calendars, clock, queued, quotaWaits, webhooks, database.ConnectionString, organizerCount, warmup, minutes, parallelism, pushOn, ct);
        }
        finally
        {
            if (calendars.DeliversNotifications)
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<(string Row, string PerTenMinutes)> SimulateAsync(IServiceProvider services, ICalendarsUnderTest calendars, SimulatedClock clock, QueuedSyncs queued, QuotaWaitCounter quotaWaits, Uri webhooks,
        string connectionString, int organizerCount, int warmup, int minutes, int parallelism, bool pushOn, CancellationToken ct)
    {
        var organizers = await SeedAsync(services, connectionString, organizerCount, clock.Now, ct);
        await StartSyncStatesAsync(services, ct);
        await calendars.SeedAsync(services, connectionString, organizers, clock.Now, ct);
        var random = new Random(19);
        var pending = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var lags = new ConcurrentBag<double>();
        var walls = new List<double>();
        var claims = new List<double>();
        var claimedCounts = new List<double>();
        var requestsPerMinute = new List<long>();
        long readsCounted = 0, opensCounted = 0;
        var cpuCounted = TimeSpan.Zero;
        var clockMoves = 0;

        async Task SyncAsync(CalendarToSync target)
        {
            // As CalendarSyncJobs runs it: background work for the quota gate.
            using var priority = ProviderCallPriority.Background();
            await using var scope = services.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var report = await sender.Send(new SyncCalendarChangesCommand(target.OrganizerId, target.ConnectionId), ct);
            if (report.Status == CalendarSyncStatus.Synced && pushOn)
            {
                await sender.Send(new WatchCalendarCommand(target.OrganizerId, webhooks, target.ConnectionId), ct);
            }
        }

        // Waits for a step's syncs; moves the clock on when they all wait for the next quota window.
        var waitsSeen = 0L;
        async Task AwaitAsync(Task work)
        {
            var seen = calendars.Requests().All;
            while (await Task.WhenAny(work, Task.Delay(StallAfter, ct)) != work)
            {
                var now = calendars.Requests().All;
                if (now == seen && quotaWaits.Waits > waitsSeen)
                {
                    waitsSeen = quotaWaits.Waits;
                    var next = new DateTimeOffset(clock.Now.Ticks - (clock.Now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
                    Console.Error.WriteLine($"  no calendar request for {StallAfter.TotalSeconds:0} s, {waitsSeen:N0} quota waits so far: simulated clock moved to {next:HH:mm}");
                    await calendars.BeforeMinuteAsync(next, ct);
                    clock.SetNow(next);
                    clockMoves++;
                }
                else if (now == seen)
                {
                    Console.Error.WriteLine($"  no calendar request for {StallAfter.TotalSeconds:0} s and no quota wait: still waiting (error answers among the calendar's last 500: {calendars.ErrorAnswers()})");
                }

                seen = now;
            }

            await work;
        }

        Task RunAllAsync(IEnumerable<CalendarToSync> targets) =>
            AwaitAsync(Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (target, _) => await SyncAsync(target)));

        async Task RunQueuedAsync()
        {
            while (queued.TakeAll() is { Count: > 0 } batch)
            {
                await RunAllAsync(batch);
            }
        }

        for (var minute = 0; minute < warmup + minutes; minute++)
        {
            var counting = minute >= warmup;
            var minuteStart = clock.Now;
            await calendars.BeforeMinuteAsync(minuteStart, ct);
            var (readsBefore, opensBefore, _) = calendars.Requests();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();

            // The sweep at the top of the minute, and the syncs it claimed.
            IReadOnlyList<CalendarToSync> claimed;
            await using (var scope = services.CreateAsyncScope())
            {
                claimed = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ClaimDueCalendarSyncsCommand(), ct);
            }

            var claimTime = wall.Elapsed.TotalSeconds;

            // Calendars the sweep parked with a channel open (none while every organizer keeps a live meeting, as here).
            foreach (var connectionId in queued.TakeChannelStops())
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new StopParkedCalendarChannelCommand(connectionId), ct);
            }

            await RunAllAsync(claimed);
            await RunQueuedAsync();

            // 1 % of calendars change at random seconds of this minute; with push each change is announced at once. The
            // changes of one second are announced together and their syncs run side by side, as Hangfire's workers would.
            var changes = organizers.OrderBy(_ => random.Next()).Take(Math.Max(1, organizerCount / 100))
                .Select(o => (Organizer: o, At: minuteStart + TimeSpan.FromSeconds(1 + random.Next(58))))
                .GroupBy(c => c.At, c => c.Organizer).OrderBy(g => g.Key).ToList();
            foreach (var second in changes)
            {
                clock.SetNow(second.Key);
                var changedAt = clock.Now;
                var changed = second.ToList();
                if (counting)
                {
                    foreach (var organizer in changed)
                    {
                        pending.TryAdd(organizer, changedAt);
                    }
                }

                await calendars.ChangeAsync(changed, pushOn, services, ct);
                if (pushOn)
                {
                    await RunQueuedAsync(); // Hangfire would start the queued syncs at once
                }
            }

            await RunQueuedAsync();
            wall.Stop();
            foreach (var (organizer, readAt) in clock.TakeReads())
            {
                if (pending.TryGetValue(organizer, out var changedAt) && changedAt <= readAt && pending.TryRemove(organizer, out _))
                {
                    lags.Add((readAt - changedAt).TotalSeconds);
                }
            }

            var (readsAfter, opensAfter, _) = calendars.Requests();
            if (counting)
            {
                readsCounted += readsAfter - readsBefore;
                opensCounted += opensAfter - opensBefore;
                requestsPerMinute.Add(readsAfter - readsBefore + opensAfter - opensBefore);
                cpuCounted += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                walls.Add(wall.Elapsed.TotalSeconds);
                claims.Add(claimTime);
                claimedCounts.Add(claimed.Count);
            }

            if ((minute + 1) % 10 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  push {(pushOn ? "on" : "off")}: simulated minute {minute + 1} of {warmup + minutes}, {readsAfter:N0} reads so far, last minute {wall.Elapsed.TotalSeconds:0.0} s of wall time"));
            }

            clock.SetNow(minuteStart.AddMinutes(1));
        }

        var neverRead = organizers.Count(o => !clock.EverRead(o));
        var sorted = lags.Order().ToList();
        var goal = (organizerCount / 100) + (organizerCount / 60.0) + (organizerCount / (6.0 * 24 * 60));
        var cpuPerRequest = readsCounted + opensCounted == 0 ? double.NaN : cpuCounted.TotalMilliseconds / (readsCounted + opensCounted);
        var busiest = requestsPerMinute.Count == 0 ? 0 : requestsPerMinute.Max();
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {(pushOn ? "on" : "off")} | {organizerCount:N0} | {(readsCounted + opensCounted) / (double)minutes:N0} ({readsCounted / (double)minutes:N0} + {opensCounted / (double)minutes:N0}) | " +
            $"{(pushOn ? goal.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {busiest:N0} ({warmup + requestsPerMinute.IndexOf(busiest)}) | " +
            $"{Median(claims):0.00} · {(claims.Count == 0 ? 0 : claims.Max()):0.00} | {Median(claimedCounts):N0} | {Median(walls):0.0} | {cpuPerRequest:0.0} | {Percentile(sorted, 0.5):0.0} | {Percentile(sorted, 0.95):0.0} | {neverRead} (unread changes left: {pending.Count}; clock moved on for the quota gate: {clockMoves}) |");
        return (row, $"Push {(pushOn ? "on" : "off")}, provider requests per 10 simulated minutes (busiest minute of each in brackets): " +
            string.Join(", ", requestsPerMinute.Chunk(10).Select((chunk, i) => string.Create(CultureInfo.InvariantCulture,
                $"{warmup + (10 * i)}–{warmup + (10 * i) + chunk.Length}: {chunk.Sum():N0} ({chunk.Max():N0})"))));
    }

    /// <summary>
    /// One organizer (a person, a Google connection, a meeting in a week with an expert) made through the domain and EF, then
    /// copied N − 1 times by one INSERT … SELECT per table on the server (every column of the template's rows, with the ids,
    /// emails and connection times varied): seconds for 100,000, where one EF insert per row took minutes.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> SeedAsync(IServiceProvider services, string connectionString, int count, DateTimeOffset now, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        Guid templatePerson, templateMeeting;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Expert", "expert@bench.example", "Europe/London", null);
            var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Organizer 0", OrganizerEmail(0), "Europe/London", null);
            db.People.AddRange(expert, person);
            db.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, BenchCalendarProvider.Key, new ProviderAccount("g-0", person.Email),
                new ProtectedTokens("not-used", null, now.AddDays(1), null), now));
            var meeting = Meeting.Schedule(Guid.NewGuid(), person.Id, MeetingContextKind.ExpertProfile, expert.Id, "google-meet", "Call", null,
                now.AddDays(7), now.AddDays(7).AddMinutes(30), "Europe/London", [(expert.Id, expert.Email, expert.FullName)], now).Value!;
            meeting.MarkScheduled("https://meet.example/x");
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            (templatePerson, templateMeeting) = (person.Id, meeting.Id);
        }

        const string PersonId = "md5('person' || g)::uuid";
        const string MeetingId = "md5('meeting' || g)::uuid";
        const string OrganizerEmailSql = "'organizer.' || g || '@bench.example'"; // as OrganizerEmail(g)
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await CloneTemplateRowsAsync(connection, "People", "\"Id\" = @template", templatePerson, count,
            new() { ["Id"] = PersonId, ["Email"] = OrganizerEmailSql, ["FullName"] = "'Organizer ' || g" }, ct);
        await CloneTemplateRowsAsync(connection, "ProviderConnections", "\"PersonId\" = @template", templatePerson, count,
            new() { ["Id"] = "md5('connection' || g)::uuid", ["PersonId"] = PersonId, ["AccountEmail"] = OrganizerEmailSql, ["ExternalAccountId"] = "'g-' || g",
                ["ConnectedAtUtc"] = "t.\"ConnectedAtUtc\" - g * interval '1 second'" }, ct);
        await CloneTemplateRowsAsync(connection, "Meetings", "\"Id\" = @template", templateMeeting, count, new() { ["Id"] = MeetingId, ["OrganizerId"] = PersonId }, ct);
        await CloneTemplateRowsAsync(connection, "MeetingParticipants", "\"MeetingId\" = @template", templateMeeting, count, new() { ["MeetingId"] = MeetingId }, ct);
        await CloneTemplateRowsAsync(connection, "MeetingChanges", "\"MeetingId\" = @template", templateMeeting, count, new() { ["MeetingId"] = MeetingId }, ct);
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var organizers = new List<Guid>(count) { templatePerson };
        await using (var read = new NpgsqlCommand("SELECT md5('person' || g)::uuid FROM generate_series(1, @last) g", connection))
        {
            read.Parameters.AddWithValue("last", count - 1);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                organizers.Add(reader.GetGuid(0));
            }
        }

        Console.WriteLine($"Seeded {count:N0} organizers (person, Google connection, meeting) in {watch.Elapsed.TotalSeconds:0.0} s");
        return organizers;
    }

    /// <summary>
    /// The copied connections have no sync state (the app makes one with each link): they get theirs as a database from
    /// before would at the app's start (<see cref="StartCalendarSyncStatesCommand"/>); a second run is what the hourly job
    /// costs in steady state.
    /// </summary>
    private static async Task StartSyncStatesAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var run in new[] { "first run (start-up)", "again (hourly, nothing to do)" })
        {
            var watch = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var made = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new StartCalendarSyncStatesCommand(), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Calendar sync states, {run}: {made:N0} made in {watch.Elapsed.TotalSeconds:0.00} s"));
        }
    }

    /// <summary>Copies the template's rows of <paramref name="table"/> for g = 1 … count − 1, every column as it is unless varied.</summary>
    private static async Task CloneTemplateRowsAsync(NpgsqlConnection connection, string table, string templateFilter, Guid template, int count,
        Dictionary<string, string> varied, CancellationToken ct)
    {
        var columns = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table ORDER BY ordinal_position", connection))
        {
            read.Parameters.AddWithValue("table", table);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                columns.Add(reader.GetString(0));
            }
        }

        if (varied.Keys.Except(columns).ToList() is { Count: > 0 } unknown)
        {
            // A renamed column would otherwise be copied unchanged from the template without a word.
            throw new InvalidOperationException($"{table} has no column {string.Join(", ", unknown)}.");
        }

        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => varied.TryGetValue(c, out var expression) ? expression : $"t.\"{c}\""));
#pragma warning disable CA2100 // table and column names come from the database's own catalogue, values are parameters
        await using var copy = new NpgsqlCommand(
            $"INSERT INTO \"{table}\" ({names}) SELECT {values} FROM \"{table}\" t CROSS JOIN generate_series(1, @last) g WHERE t.{templateFilter}", connection);
#pragma warning restore CA2100
        copy.Parameters.AddWithValue("template", template);
        copy.Parameters.AddWithValue("last", count - 1);
        copy.CommandTimeout = 600;
        await copy.ExecuteNonQueryAsync(ct);
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}

/// <summary>
/// The calendar provider in process: remembers which calendars changed since their last listing, and channels; records each
/// listing on the simulated clock.
/// </summary>
internal sealed class SimulatedCalendar(SimulatedClock clock, int latencyMs) : ICalendarProvider
{
    private readonly ConcurrentDictionary<Guid, bool> _changed = new();
    private readonly ConcurrentDictionary<Guid, CalendarChannelRequest> _channels = new();
    private long _opens;

    public string Provider => BenchCalendarProvider.Key;

    public string DisplayName => "Simulated calendar";

    public long Reads => clock.Reads;

    public long Opens => Interlocked.Read(ref _opens);

    public void Change(Guid organizerId) => _changed[organizerId] = true;

    public (string ChannelId, string Token, string ResourceId)? ChannelOf(Guid organizerId) =>
        _channels.TryGetValue(organizerId, out var c) ? (c.ChannelId, c.Token, "resource-" + organizerId.ToString("N")) : null;

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        await Task.Delay(latencyMs, cancellationToken);
        clock.RecordRead(organizerId);
        IReadOnlyList<CalendarEventChange> events = _changed.TryRemove(organizerId, out _)
            ? [new CalendarEventChange("notours" + organizerId.ToString("N"), "confirmed", null, null, "\"1\"", 1, [])]
            : [];
        return ProviderResult<CalendarChanges>.Ok(new CalendarChanges(events, "token-" + Guid.NewGuid().ToString("N")));
    }

    public async Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Delay(latencyMs, cancellationToken);
        Interlocked.Increment(ref _opens);
        _channels[organizerId] = request;
        return ProviderResult<CalendarChannel>.Ok(new CalendarChannel(request.ChannelId, "resource-" + organizerId.ToString("N"), request.ExpiresAtUtc));
    }

    public Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<Done>.Ok(Done.Value));

    public Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, ResponseStatus response, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>Syncs queued by notifications and follow-ups, and parked calendars' channel stops, run by the command instead of Hangfire.</summary>
internal sealed class QueuedSyncs : ICalendarSyncScheduler
{
    private ConcurrentQueue<CalendarToSync> _queue = new();
    private ConcurrentQueue<Guid> _channelStops = new();

    public void Enqueue(Guid organizerId, Guid connectionId) => _queue.Enqueue(new CalendarToSync(organizerId, connectionId));

    public void EnqueueChannelStop(Guid connectionId) => _channelStops.Enqueue(connectionId);

    public IReadOnlyList<CalendarToSync> TakeAll() => [.. Interlocked.Exchange(ref _queue, new())];

    public IReadOnlyList<Guid> TakeChannelStops() => [.. Interlocked.Exchange(ref _channelStops, new())];
}

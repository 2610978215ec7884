using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Google;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace InsightGig.Benchmarks.CalendarSync;

/// <summary>
/// Calendar read-back at scale: N organizers with a connected calendar and a meeting ahead, 1 % of calendars changing each
/// minute, push on or off. Simulated: the clock (a fake clock, one simulated minute per step, changes and notifications at
/// random seconds inside it; a read is stamped with the simulated instant plus the real time spent since it was set), the
/// calendar provider (an in-process port that lists one changed event for a calendar that changed, opens channels, and
/// waits --latency-ms of real time per call), and Hangfire (the sweep and the queued syncs are run by this command,
/// --parallelism at a time; the notifications of one simulated second are delivered together and their syncs run side by
/// side). Real: the database (PostgreSQL, seeded in bulk on the server), the use cases
/// (<see cref="ClaimDueCalendarSyncsCommand"/>, <see cref="SyncCalendarChangesCommand"/>, <see cref="WatchCalendarCommand"/>,
/// <see cref="ReceiveCalendarNotificationCommand"/>) and their scheduling rules. The first --warmup-minutes are not counted
/// (every calendar's first, full read, and the idle back-off settling).
/// </summary>
internal static class CalendarSyncBenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var organizers = Int(args, "--organizers", 10_000);
        var minutes = Int(args, "--minutes", 60);
        var warmup = Int(args, "--warmup-minutes", 20);
        var parallelism = Int(args, "--parallelism", 32);
        var latencyMs = Int(args, "--latency-ms", 50);
        var push = Value(args, "--push") ?? "both";
        var postgres = Environment.GetEnvironmentVariable("INSIGHTGIG_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set INSIGHTGIG_BENCH_POSTGRES (./build/postgres.sh prints it).");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(Int(args, "--timeout-seconds", 3600)));

        Console.WriteLine($"Calendar read-back: {organizers:N0} organizers, 1 % changing a minute, {warmup} warm-up + {minutes} counted simulated minutes, " +
            $"{latencyMs} ms per provider call, {parallelism} syncs at a time");
        Console.WriteLine("Simulated: the clock (plus the real time spent since each simulated instant), the calendar provider (in process, real waiting) and Hangfire (this command runs the queued syncs). Real: PostgreSQL and the app's commands and queries.");
        Console.WriteLine("| push | organizers | provider requests/min (reads + channel opens) | goal (push: changes + organizers/60 + renewals) | sweep claim s (median · max) | calendars claimed/sweep (median) | sweep + syncs wall s/min (median) | lag p50 s | lag p95 s | never read |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var pushOn in push switch { "on" => new[] { true }, "off" => [false], _ => [true, false] })
        {
            var row = await RunOnceAsync(postgres, organizers, warmup, minutes, parallelism, latencyMs, pushOn, deadline.Token);
            Console.WriteLine(row);
        }

        return 0;
    }

    private static async Task<string> RunOnceAsync(string postgres, int organizerCount, int warmup, int minutes, int parallelism, int latencyMs, bool pushOn, CancellationToken ct)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(postgres, maxPoolSize: parallelism + 20, ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero));
        var calendar = new SimulatedCalendar(clock, latencyMs);
        var queued = new QueuedSyncs();
        using var app = AppHost.Build(database.ConnectionString, new Uri("http://127.0.0.1:9/sandbox/"), runHangfireServer: false, workers: 1, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.RemoveAll<ICalendarProvider>();
            services.AddSingleton<ICalendarProvider>(calendar);
            services.Replace(ServiceDescriptor.Singleton<ICalendarSyncScheduler>(queued));
        });
        var organizers = await SeedAsync(app.Services, database.ConnectionString, organizerCount, clock.GetUtcNow(), ct);
        await StartSyncStatesAsync(app.Services, ct);
        var pushAddress = new Uri("https://insightgig.example/webhooks/google");
        var random = new Random(19);
        var pending = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var lags = new ConcurrentBag<double>();
        var walls = new List<double>();
        var claims = new List<double>();
        var claimedCounts = new List<double>();
        long readsCounted = 0, opensCounted = 0;

        async Task SyncAsync(CalendarToSync target)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var report = await sender.Send(new SyncCalendarChangesCommand(target.OrganizerId, target.ConnectionId), ct);
            if (report.Status == CalendarSyncStatus.Synced && pushOn)
            {
                await sender.Send(new WatchCalendarCommand(target.OrganizerId, pushAddress, target.ConnectionId), ct);
            }
        }

        async Task RunQueuedAsync()
        {
            while (queued.TakeAll() is { Count: > 0 } batch)
            {
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (target, _) => await SyncAsync(target));
            }
        }

        for (var minute = 0; minute < warmup + minutes; minute++)
        {
            var counting = minute >= warmup;
            var minuteStart = clock.GetUtcNow();
            calendar.SetNow(minuteStart);
            var (readsBefore, opensBefore) = (calendar.Reads, calendar.Opens);
            var wall = Stopwatch.StartNew();

            // The sweep at the top of the minute, and the syncs it claimed.
            IReadOnlyList<CalendarToSync> claimed;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                claimed = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ClaimDueCalendarSyncsCommand(), ct);
            }

            var claimTime = wall.Elapsed.TotalSeconds;

            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (target, _) => await SyncAsync(target));
            await RunQueuedAsync();

            // 1 % of calendars change at random seconds of this minute; with push each change is announced at once. The
            // changes of one second are announced together and their syncs run side by side, as Hangfire's workers would.
            var changes = organizers.OrderBy(_ => random.Next()).Take(Math.Max(1, organizerCount / 100))
                .Select(o => (Organizer: o, At: minuteStart + TimeSpan.FromSeconds(1 + random.Next(58))))
                .GroupBy(c => c.At, c => c.Organizer).OrderBy(g => g.Key).ToList();
            foreach (var second in changes)
            {
                calendar.SetNow(second.Key);
                foreach (var organizer in second)
                {
                    calendar.Change(organizer);
                    if (counting)
                    {
                        pending.TryAdd(organizer, second.Key);
                    }
                }

                if (pushOn)
                {
                    await Parallel.ForEachAsync(second, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (organizer, _) =>
                    {
                        if (calendar.ChannelOf(organizer) is { } channel)
                        {
                            await using var scope = app.Services.CreateAsyncScope();
                            await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                                new ReceiveCalendarNotificationCommand(channel.ChannelId, channel.Token, channel.ResourceId, "exists"), ct);
                        }
                    });
                    await RunQueuedAsync(); // Hangfire would start the queued syncs at once
                }
            }

            await RunQueuedAsync();
            wall.Stop();
            foreach (var (organizer, readAt) in calendar.TakeReads())
            {
                if (pending.TryGetValue(organizer, out var changedAt) && changedAt <= readAt && pending.TryRemove(organizer, out _))
                {
                    lags.Add((readAt - changedAt).TotalSeconds);
                }
            }

            if (counting)
            {
                readsCounted += calendar.Reads - readsBefore;
                opensCounted += calendar.Opens - opensBefore;
                walls.Add(wall.Elapsed.TotalSeconds);
                claims.Add(claimTime);
                claimedCounts.Add(claimed.Count);
            }

            if ((minute + 1) % 10 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  push {(pushOn ? "on" : "off")}: simulated minute {minute + 1} of {warmup + minutes}, {calendar.Reads:N0} reads so far, last minute {wall.Elapsed.TotalSeconds:0.0} s of wall time"));
            }

            calendar.SetNow(minuteStart.AddMinutes(1));
        }

        var neverRead = organizers.Count(o => !calendar.EverRead(o));
        var sorted = lags.Order().ToList();
        var goal = (organizerCount / 100) + (organizerCount / 60.0) + (organizerCount / (6.0 * 24 * 60));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {(pushOn ? "on" : "off")} | {organizerCount:N0} | {(readsCounted + opensCounted) / (double)minutes:N0} ({readsCounted / (double)minutes:N0} + {opensCounted / (double)minutes:N0}) | " +
            $"{(pushOn ? goal.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {Median(claims):0.00} · {(claims.Count == 0 ? 0 : claims.Max()):0.00} | {Median(claimedCounts):N0} | {Median(walls):0.0} | {Percentile(sorted, 0.5):0.0} | {Percentile(sorted, 0.95):0.0} | {neverRead} (unread changes left: {pending.Count}) |");
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
            var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Organizer 0", "organizer.0@bench.example", "Europe/London", null);
            db.People.AddRange(expert, person);
            db.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, GoogleProvider.Key, new ProviderAccount("g-0", person.Email),
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
        const string OrganizerEmail = "'organizer.' || g || '@bench.example'";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await CloneTemplateRowsAsync(connection, "People", "\"Id\" = @template", templatePerson, count,
            new() { ["Id"] = PersonId, ["Email"] = OrganizerEmail, ["FullName"] = "'Organizer ' || g" }, ct);
        await CloneTemplateRowsAsync(connection, "ProviderConnections", "\"PersonId\" = @template", templatePerson, count,
            new() { ["Id"] = "md5('connection' || g)::uuid", ["PersonId"] = PersonId, ["AccountEmail"] = OrganizerEmail, ["ExternalAccountId"] = "'g-' || g",
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

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

/// <summary>
/// The calendar provider in process: remembers which calendars changed since their last listing, and channels. It also
/// moves the simulated clock: a read is stamped with the simulated instant last set plus the real time spent since, so
/// a sweep whose syncs take 20 s of wall time shows 20 s of lag.
/// </summary>
internal sealed class SimulatedCalendar(FakeTimeProvider clock, int latencyMs) : ICalendarProvider
{
    private long _setAt = Stopwatch.GetTimestamp();

    private readonly ConcurrentDictionary<Guid, bool> _changed = new();
    private readonly ConcurrentDictionary<Guid, CalendarChannelRequest> _channels = new();
    private readonly ConcurrentDictionary<Guid, bool> _everRead = new();
    private ConcurrentQueue<(Guid, DateTimeOffset)> _reads = new();
    private long _readCount;
    private long _opens;

    public string Provider => GoogleProvider.Key;

    public string DisplayName => "Simulated calendar";

    public long Reads => Interlocked.Read(ref _readCount);

    public long Opens => Interlocked.Read(ref _opens);

    public void Change(Guid organizerId) => _changed[organizerId] = true;

    /// <summary>Sets the simulated clock (never backwards) and restarts the real time counted on top of it.</summary>
    public void SetNow(DateTimeOffset at)
    {
        clock.SetUtcNow(at);
        Interlocked.Exchange(ref _setAt, Stopwatch.GetTimestamp());
    }

    public (string ChannelId, string Token, string ResourceId)? ChannelOf(Guid organizerId) =>
        _channels.TryGetValue(organizerId, out var c) ? (c.ChannelId, c.Token, "resource-" + organizerId.ToString("N")) : null;

    public bool EverRead(Guid organizerId) => _everRead.ContainsKey(organizerId);

    public IReadOnlyList<(Guid Organizer, DateTimeOffset At)> TakeReads() => [.. Interlocked.Exchange(ref _reads, new())];

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        await Task.Delay(latencyMs, cancellationToken);
        var at = clock.GetUtcNow() + Stopwatch.GetElapsedTime(Interlocked.Read(ref _setAt));
        Interlocked.Increment(ref _readCount);
        _everRead[organizerId] = true;
        _reads.Enqueue((organizerId, at));
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

/// <summary>Syncs queued by notifications and follow-ups, run by the command instead of Hangfire.</summary>
internal sealed class QueuedSyncs : ICalendarSyncScheduler
{
    private ConcurrentQueue<CalendarToSync> _queue = new();

    public void Enqueue(Guid organizerId, Guid connectionId) => _queue.Enqueue(new CalendarToSync(organizerId, connectionId));

    public IReadOnlyList<CalendarToSync> TakeAll() => [.. Interlocked.Exchange(ref _queue, new())];
}

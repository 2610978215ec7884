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

namespace InsightGig.Benchmarks.CalendarSync;

/// <summary>
/// Calendar read-back at scale: N organizers with a connected calendar and a meeting ahead, 1 % of calendars changing each
/// minute, push on or off. Simulated: the clock (a fake clock, one simulated minute per step, changes and notifications at
/// random seconds inside it), the calendar provider (an in-process port that lists one changed event for a calendar that
/// changed, opens channels, and waits --latency-ms of real time per call), and Hangfire (the sweep and the queued syncs are
/// run by this command, --parallelism at a time). Real: the database (PostgreSQL), the use cases
/// (<see cref="ClaimDueCalendarSyncsCommand"/>, <see cref="SyncCalendarChangesCommand"/>, <see cref="WatchCalendarCommand"/>,
/// <see cref="ReceiveCalendarNotificationCommand"/>) and their scheduling rules. The first --warmup-minutes are not counted
/// (every calendar's first, full read).
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
        Console.WriteLine("| push | organizers | reads/min | channel opens/min | goal (push: changes + organizers/60 + renewals) | sweep+syncs wall s/min (median) | lag p50 s | lag p95 s | never read |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
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
        var organizers = await SeedAsync(app.Services, organizerCount, clock.GetUtcNow(), ct);
        var pushAddress = new Uri("https://insightgig.example/webhooks/google");
        var random = new Random(19);
        var pending = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var lags = new ConcurrentBag<double>();
        var walls = new List<double>();
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
            var (readsBefore, opensBefore) = (calendar.Reads, calendar.Opens);
            var wall = Stopwatch.StartNew();

            // The sweep at the top of the minute, and the syncs it claimed.
            IReadOnlyList<CalendarToSync> claimed;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                claimed = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ClaimDueCalendarSyncsCommand(), ct);
            }

            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (target, _) => await SyncAsync(target));
            await RunQueuedAsync();

            // 1 % of calendars change at random seconds of this minute; with push each change is announced at once.
            var changes = organizers.OrderBy(_ => random.Next()).Take(Math.Max(1, organizerCount / 100))
                .Select(o => (Organizer: o, At: minuteStart + TimeSpan.FromSeconds(1 + random.Next(58)))).OrderBy(c => c.At).ToList();
            foreach (var (organizer, at) in changes)
            {
                clock.SetUtcNow(at);
                calendar.Change(organizer);
                if (counting)
                {
                    pending.TryAdd(organizer, at);
                }

                if (pushOn && calendar.ChannelOf(organizer) is { } channel)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                        new ReceiveCalendarNotificationCommand(channel.ChannelId, channel.Token, channel.ResourceId, "exists"), ct);
                    await RunQueuedAsync(); // Hangfire would start the queued sync at once
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
            }

            clock.SetUtcNow(minuteStart.AddMinutes(1));
        }

        var neverRead = organizers.Count(o => !calendar.EverRead(o));
        var sorted = lags.Order().ToList();
        var goal = (organizerCount / 100) + (organizerCount / 60.0) + (organizerCount / (6.0 * 24 * 60));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {(pushOn ? "on" : "off")} | {organizerCount:N0} | {readsCounted / (double)minutes:N0} | {opensCounted / (double)minutes:N0} | {(pushOn ? goal.ToString("N0", CultureInfo.InvariantCulture) : "–")} | " +
            $"{Median(walls):0.0} | {Percentile(sorted, 0.5):0} | {Percentile(sorted, 0.95):0} | {neverRead} (unread changes left: {pending.Count}) |");
    }

    private static async Task<IReadOnlyList<Guid>> SeedAsync(IServiceProvider services, int count, DateTimeOffset now, CancellationToken ct)
    {
        var organizers = new List<Guid>(count);
        for (var start = 0; start < count; start += 1000)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Expert", $"expert.{start}@bench.example", "Europe/London", null);
            db.People.Add(expert);
            for (var i = start; i < Math.Min(count, start + 1000); i++)
            {
                var email = $"organizer.{i}@bench.example";
                var person = new Person(Guid.NewGuid(), PersonKind.Expert, $"Organizer {i}", email, "Europe/London", null);
                db.People.Add(person);
                db.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, GoogleProvider.Key, new ProviderAccount($"g-{i}", email),
                    new ProtectedTokens("not-used", null, now.AddDays(1), null), now.AddSeconds(-i)));
                var meeting = Meeting.Schedule(Guid.NewGuid(), person.Id, MeetingContextKind.ExpertProfile, expert.Id, "google-meet", "Call", null,
                    now.AddDays(7), now.AddDays(7).AddMinutes(30), "Europe/London", [(expert.Id, expert.Email, expert.FullName)], now).Value!;
                meeting.MarkScheduled("https://meet.example/x");
                db.Meetings.Add(meeting);
                organizers.Add(person.Id);
            }

            await db.SaveChangesAsync(ct);
        }

        return organizers;
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

/// <summary>The calendar provider in process: remembers which calendars changed since their last listing, and channels.</summary>
internal sealed class SimulatedCalendar(TimeProvider clock, int latencyMs) : ICalendarProvider
{
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

    public (string ChannelId, string Token, string ResourceId)? ChannelOf(Guid organizerId) =>
        _channels.TryGetValue(organizerId, out var c) ? (c.ChannelId, c.Token, "resource-" + organizerId.ToString("N")) : null;

    public bool EverRead(Guid organizerId) => _everRead.ContainsKey(organizerId);

    public IReadOnlyList<(Guid Organizer, DateTimeOffset At)> TakeReads() => [.. Interlocked.Exchange(ref _reads, new())];

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        await Task.Delay(latencyMs, cancellationToken);
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
}

/// <summary>Syncs queued by notifications and follow-ups, run by the command instead of Hangfire.</summary>
internal sealed class QueuedSyncs : ICalendarSyncScheduler
{
    private ConcurrentQueue<CalendarToSync> _queue = new();

    public void Enqueue(Guid organizerId, Guid connectionId) => _queue.Enqueue(new CalendarToSync(organizerId, connectionId));

    public IReadOnlyList<CalendarToSync> TakeAll() => [.. Interlocked.Exchange(ref _queue, new())];
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.ProviderSandbox;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace InsightGig.Benchmarks.CalendarSync;

/// <summary>
/// The calendar provider the benchmark's organizers are connected to, named here and nowhere else in the benchmark (the app
/// names it only in its provider folder): its key, its part of the sandbox, and which of the sandbox's routes are reads
/// (events.list) and channel opens (events.watch).
/// </summary>
internal static class BenchCalendarProvider
{
    public const string Key = GoogleProvider.Key;

    public static readonly SandboxProvider Sandbox = SandboxProvider.Google;

    public static IReadOnlyList<SandboxSeededCalendar> Seed(ProviderSandboxState state, IEnumerable<string> emails, DateTimeOffset eventStart, TimeSpan eventLength) =>
        state.SeedGoogleCalendars(emails, eventStart, eventLength);

    public static bool IsRead(SandboxRequestCount request) =>
        IsOurs(request) && request.Method == "GET" && request.Route.EndsWith("/calendars/{calendarId}/events", StringComparison.Ordinal);

    public static bool IsChannelOpen(SandboxRequestCount request) =>
        IsOurs(request) && request.Method == "POST" && request.Route.EndsWith("/calendars/{calendarId}/events/watch", StringComparison.Ordinal);

    public static bool IsOurs(SandboxRequestCount request) => request.Provider == Sandbox.ToString();

    /// <summary>The quota gate's counter of the provider's per-project quota (<c>ProviderQuota.CounterKey</c> of GoogleQuotas.PerProject).</summary>
    public const string ProjectQuotaCounter = Key + ":per-project";
}

/// <summary>
/// The simulated clock, and the reads the app made: a read is stamped with the simulated instant last set plus the real time
/// spent since, so a sweep whose syncs take 20 s of wall time shows 20 s of lag.
/// </summary>
internal sealed class SimulatedClock(FakeTimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, bool> _everRead = new();
    private ConcurrentQueue<(Guid, DateTimeOffset)> _reads = new();
    private long _setAt = Stopwatch.GetTimestamp();
    private long _readCount;

    public FakeTimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Reads the app made (successful listings), in either mode.</summary>
    public long Reads => Interlocked.Read(ref _readCount);

    /// <summary>Moves the simulated clock to <paramref name="at"/> and restarts the real time counted on top of it; never backwards (a no-op then).</summary>
    public void SetNow(DateTimeOffset at)
    {
        if (at > time.GetUtcNow())
        {
            time.SetUtcNow(at);
            Interlocked.Exchange(ref _setAt, Stopwatch.GetTimestamp());
        }
    }

    public void RecordRead(Guid organizerId)
    {
        var at = time.GetUtcNow() + Stopwatch.GetElapsedTime(Interlocked.Read(ref _setAt));
        Interlocked.Increment(ref _readCount);
        _everRead[organizerId] = true;
        _reads.Enqueue((organizerId, at));
    }

    public bool EverRead(Guid organizerId) => _everRead.ContainsKey(organizerId);

    public IReadOnlyList<(Guid Organizer, DateTimeOffset At)> TakeReads() => [.. Interlocked.Exchange(ref _reads, new())];
}

/// <summary>Where the organizers' calendars live for a run: what the app's provider port reads, how they change, what is counted.</summary>
internal interface ICalendarsUnderTest : IAsyncDisposable
{
    /// <summary>One line for the run's header.</summary>
    string Description { get; }

    /// <summary>The sandbox the app's adapters are configured for (unused by the in-process port).</summary>
    Uri SandboxRoot { get; }

    /// <summary>The app must serve its webhook endpoints over HTTP (the calendar delivers notifications itself).</summary>
    bool DeliversNotifications { get; }

    /// <summary>Replaces or wraps the app's calendar port before the app is built.</summary>
    void Register(IServiceCollection services);

    /// <summary>Gives every organizer (index i: organizer.i@bench.example) a calendar the app can read.</summary>
    Task SeedAsync(IServiceProvider app, string connectionString, IReadOnlyList<Guid> organizers, DateTimeOffset now, CancellationToken ct);

    /// <summary>Requests the calendar answered so far: listings and channel opens, and all of them (token, stops, …).</summary>
    (long Reads, long Opens, long All) Requests();

    /// <summary>Called before each simulated minute starts (see <see cref="SandboxCalendars.OpenQuotaWindowAsync"/>).</summary>
    Task BeforeMinuteAsync(DateTimeOffset minuteStart, CancellationToken ct);

    /// <summary>The calendar's error answers among its last requests (empty for the in-process port).</summary>
    string ErrorAnswers();

    /// <summary>The organizers change their calendars now; with push, returns when the notifications have reached the app.</summary>
    Task ChangeAsync(IReadOnlyCollection<Guid> organizers, bool push, IServiceProvider app, CancellationToken ct);
}

/// <summary>
/// The provider sandbox (<see cref="ProviderSandboxServer"/>, its own loopback port, on the simulated clock) with one calendar
/// per organizer, bulk-seeded through its state, and <c>--latency-ms</c> on every API call injected as a sandbox fault. The
/// app's own adapter and typed HTTP client read it (events.list with sync tokens, events.watch), through the quota gate; a
/// change is the person moving their event in the sandbox (its state API, as in Calendar's UI), and with a channel open the
/// sandbox POSTs the notification to the app's webhook endpoint. Requests are counted by the sandbox, per route.
/// </summary>
internal sealed class SandboxCalendars(ProviderSandboxServer sandbox, SimulatedClock clock, int latencyMs) : ICalendarsUnderTest
{
    /// <summary>Longer than a run: token refresh is measured by its own benchmark, not here.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(2);

    private static readonly TimeSpan EventLength = TimeSpan.FromMinutes(30);

    private readonly Dictionary<Guid, (string Email, string EventId, DateTimeOffset Start)> _calendars = [];

    private string? _connectionString;

    private int _windowsOpened;

    public static async Task<SandboxCalendars> StartAsync(SimulatedClock clock, int latencyMs, CancellationToken ct)
    {
        var sandbox = await ProviderSandboxServer.StartAsync(
            options => options.AccessTokenLifetime = TokenLifetime,
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock.Time)),
            ct);
        sandbox.State.InjectFault(new SandboxFault { Provider = BenchCalendarProvider.Sandbox, Target = SandboxFaultTarget.Api, LatencyMs = latencyMs });
        return new SandboxCalendars(sandbox, clock, latencyMs);
    }

    public string Description =>
        $"the provider sandbox's calendars over HTTP ({sandbox.BaseAddress}, {latencyMs} ms per API call injected by the sandbox), read by the app's adapter; notifications POSTed by the sandbox to the app's webhook";

    public Uri SandboxRoot => sandbox.BaseAddress;

    public bool DeliversNotifications => true;

    public void Register(IServiceCollection services) => RecordingCalendarProvider.Decorate(services, clock);

    public async Task SeedAsync(IServiceProvider app, string connectionString, IReadOnlyList<Guid> organizers, DateTimeOffset now, CancellationToken ct)
    {
        _connectionString = connectionString;
        var watch = Stopwatch.StartNew();
        var eventStart = now.Date.AddDays(1).AddHours(10);
        var seeded = BenchCalendarProvider.Seed(sandbox.State, organizers.Select((_, i) => CalendarSyncBenchCommand.OrganizerEmail(i)), eventStart, EventLength);
        var protector = app.GetRequiredService<ITokenProtector>();
        var ids = new Guid[organizers.Count];
        var access = new string[organizers.Count];
        var refresh = new string[organizers.Count];
        var subjects = new string[organizers.Count];
        for (var i = 0; i < organizers.Count; i++)
        {
            var calendar = seeded[i];
            (ids[i], access[i], refresh[i], subjects[i]) = (organizers[i], protector.Protect(calendar.AccessToken), protector.Protect(calendar.RefreshToken), calendar.Sub);
            _calendars[organizers[i]] = (calendar.Email, calendar.EventId, eventStart);
        }

        // Each organizer's connection gets its own tokens (encrypted as the app stores them) in one statement.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var update = new NpgsqlCommand(
            """
            UPDATE "ProviderConnections" c SET "ProtectedAccessToken" = u.access, "ProtectedRefreshToken" = u.refresh,
                "AccessTokenExpiresAtUtc" = @expires, "ExternalAccountId" = u.subject, "Scopes" = @scopes
            FROM unnest(@ids, @access, @refresh, @subjects) AS u(person, access, refresh, subject)
            WHERE c."PersonId" = u.person
            """, connection);
        update.Parameters.AddWithValue("ids", ids);
        update.Parameters.AddWithValue("access", access);
        update.Parameters.AddWithValue("refresh", refresh);
        update.Parameters.AddWithValue("subjects", subjects);
        update.Parameters.AddWithValue("expires", now + TimeSpan.FromSeconds(seeded[0].ExpiresIn));
        update.Parameters.AddWithValue("scopes", seeded[0].Scope);
        update.CommandTimeout = 600;
        var updated = await update.ExecuteNonQueryAsync(ct);
        if (updated != organizers.Count)
        {
            throw new InvalidOperationException($"{updated} connections got sandbox tokens, expected {organizers.Count}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {organizers.Count:N0} sandbox calendars (account, tokens, one event each; one call on its state) and stored their encrypted tokens in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    public (long Reads, long Opens, long All) Requests()
    {
        var counts = sandbox.State.GetRequestCounts();
        return (counts.Where(BenchCalendarProvider.IsRead).Sum(c => c.Count), counts.Where(BenchCalendarProvider.IsChannelOpen).Sum(c => c.Count), counts.Sum(c => c.Count));
    }

    public Task BeforeMinuteAsync(DateTimeOffset minuteStart, CancellationToken ct) => OpenQuotaWindowAsync(minuteStart, ct);

    /// <summary>
    /// Makes the minute's row of the per-project quota counter before the minute's calls, with nothing counted. Works around
    /// a race in <c>ProviderQuotaGate.TryTakeAsync</c> (reported, not changed here): at a window's start every call finds no row
    /// and tries to make it; one whose UPDATE ran before another's INSERT committed, and whose existence check ran after, takes
    /// the window for full and waits a whole minute. On this frozen clock that wait never ends; in production it delays a few
    /// calls of each minute by a minute. After the first minute, verifies that the gate counts under this key.
    /// </summary>
    public async Task OpenQuotaWindowAsync(DateTimeOffset minuteStart, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (_windowsOpened == 1)
        {
            // The gate counts into rows of this key (or our rows would be the only ones, all at 0).
            await using var check = new NpgsqlCommand("""SELECT EXISTS (SELECT 1 FROM "ProviderQuotaCounter" WHERE "Key" = @key AND "Count" > 0)""", connection);
            check.Parameters.AddWithValue("key", BenchCalendarProvider.ProjectQuotaCounter);
            if (await check.ExecuteScalarAsync(ct) is not true)
            {
                throw new InvalidOperationException($"The quota gate counted nothing under {BenchCalendarProvider.ProjectQuotaCounter} in the first minute: its counter key changed; update {nameof(BenchCalendarProvider.ProjectQuotaCounter)}.");
            }
        }

        await using var open = new NpgsqlCommand(
            """INSERT INTO "ProviderQuotaCounter" ("Key", "WindowStartUtc", "Count") VALUES (@key, @window, 0) ON CONFLICT DO NOTHING""", connection);
        open.Parameters.AddWithValue("key", BenchCalendarProvider.ProjectQuotaCounter);
        open.Parameters.AddWithValue("window", minuteStart);
        await open.ExecuteNonQueryAsync(ct);
        _windowsOpened++;
    }

    public string ErrorAnswers() => string.Join(", ", sandbox.State.GetRequestLog().Where(r => r.Status >= 300)
        .GroupBy(r => (r.Method, r.Status)).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} × {g.Key.Method} {g.Key.Status}")));

    public async Task ChangeAsync(IReadOnlyCollection<Guid> organizers, bool push, IServiceProvider app, CancellationToken ct)
    {
        foreach (var organizer in organizers)
        {
            // The person drags their event a minute later: a new version of the calendar, which its channels announce.
            var (email, eventId, start) = _calendars[organizer];
            var moved = start.AddMinutes(1);
            sandbox.State.MoveCalendarEvent(email, eventId, moved, moved + EventLength);
            _calendars[organizer] = (email, eventId, moved);
        }

        if (push)
        {
            await sandbox.State.CalendarNotificationsDeliveredAsync().WaitAsync(ct);
        }
    }

    public ValueTask DisposeAsync() => sandbox.DisposeAsync();
}

/// <summary>The calendar port in process (<see cref="SimulatedCalendar"/>): no HTTP, no adapter, no quota gate.</summary>
internal sealed class InProcessCalendars(SimulatedCalendar calendar, int parallelism) : ICalendarsUnderTest
{
    public string Description => "an in-process calendar port (no HTTP, no adapter, no quota gate) that waits the latency per call; notifications sent by this command";

    public Uri SandboxRoot { get; } = new("http://127.0.0.1:9/sandbox/");

    public bool DeliversNotifications => false;

    public void Register(IServiceCollection services)
    {
        services.RemoveAll<ICalendarProvider>();
        services.AddSingleton<ICalendarProvider>(calendar);
    }

    public Task SeedAsync(IServiceProvider app, string connectionString, IReadOnlyList<Guid> organizers, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public (long Reads, long Opens, long All) Requests() => (calendar.Reads, calendar.Opens, calendar.Reads + calendar.Opens);

    public Task BeforeMinuteAsync(DateTimeOffset minuteStart, CancellationToken ct) => Task.CompletedTask;

    public string ErrorAnswers() => "";

    public async Task ChangeAsync(IReadOnlyCollection<Guid> organizers, bool push, IServiceProvider app, CancellationToken ct)
    {
        foreach (var organizer in organizers)
        {
            calendar.Change(organizer);
        }

        if (push)
        {
            await Parallel.ForEachAsync(organizers, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (organizer, _) =>
            {
                if (calendar.ChannelOf(organizer) is { } channel)
                {
                    await using var scope = app.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                        new ReceiveCalendarNotificationCommand(channel.ChannelId, channel.Token, channel.ResourceId, "exists"), ct);
                }
            });
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// Counts the quota gate's "full; waiting for the next window" messages (its Debug log, for this provider only): the
/// benchmark moves the simulated clock on only when calls wait for a window, never merely because the machine is slow
/// (which would make the HTTP client's time-outs, on the same clock, cut requests in flight).
/// </summary>
internal sealed class QuotaWaitCounter : ILoggerProvider, ILogger
{
    private long _waits;

    public long Waits => Interlocked.Read(ref _waits);

    public static void Register(IServiceCollection services, QuotaWaitCounter counter) =>
        services.AddLogging(logging => logging.AddProvider(counter).AddFilter<QuotaWaitCounter>(typeof(ProviderQuotaGate).FullName, LogLevel.Debug));

    public ILogger CreateLogger(string categoryName) => categoryName == typeof(ProviderQuotaGate).FullName ? this : NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (formatter(state, exception).Contains("for the next window", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _waits);
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>The app's calendar adapters as registered, each wrapped to record its successful listings on the simulated clock (for the lag).</summary>
internal sealed class RecordingCalendarProvider(ICalendarProvider inner, SimulatedClock clock) : ICalendarProvider
{
    public string Provider => inner.Provider;

    public string DisplayName => inner.DisplayName;

    public static void Decorate(IServiceCollection services, SimulatedClock clock)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ICalendarProvider) || descriptor.IsKeyedService)
            {
                continue;
            }

            Func<IServiceProvider, object> create = descriptor.ImplementationFactory
                ?? (descriptor.ImplementationType is { } type ? sp => ActivatorUtilities.CreateInstance(sp, type) : _ => descriptor.ImplementationInstance!);
            services[i] = ServiceDescriptor.Describe(typeof(ICalendarProvider), sp => new RecordingCalendarProvider((ICalendarProvider)create(sp), clock), descriptor.Lifetime);
        }
    }

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        var result = await inner.ListChangesAsync(organizerId, syncToken, fullSyncFromUtc, cancellationToken);
        if (result.IsSuccess)
        {
            clock.RecordRead(organizerId);
        }

        return result;
    }

    public Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken) =>
        inner.WatchChangesAsync(organizerId, request, cancellationToken);

    public Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken) =>
        inner.StopWatchingAsync(organizerId, channelId, resourceId, cancellationToken);

    public Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) =>
        inner.CreateEventAsync(organizerId, request, cancellationToken);

    public Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) =>
        inner.GetEventAsync(organizerId, eventId, cancellationToken);

    public Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) =>
        inner.UpdateEventAsync(organizerId, request, cancellationToken);

    public Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) =>
        inner.DeleteEventAsync(organizerId, eventId, cancellationToken);

    public Task<ProviderResult<Done>> CancelEventAsync(Guid organizerId, string eventId, string? note, CancellationToken cancellationToken) =>
        inner.CancelEventAsync(organizerId, eventId, note, cancellationToken);

    public Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, ResponseStatus response, CancellationToken cancellationToken) =>
        inner.RespondAsAttendeeAsync(attendeeId, iCalUid, response, cancellationToken);
}

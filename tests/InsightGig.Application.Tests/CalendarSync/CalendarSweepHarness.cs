using System.Collections.Concurrent;
using System.Data.Common;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Application.Tests.CalendarSync;

/// <summary>
/// The real calendar sweep and sync use cases (Mediator; SQLite, or the database given) on a fake clock, with the calendar
/// port answered in process by <see cref="ScriptedCalendar"/> and queued syncs recorded by <see cref="RecordingCalendarSyncs"/>:
/// a test plays the minutes itself (claim what is due, run those syncs, advance the clock). Also compiled into the
/// PostgreSQL integration tests.
/// </summary>
public sealed class CalendarSweepHarness : IAsyncDisposable
{
    private readonly SqliteTestDatabase? _ownDatabase;

    private CalendarSweepHarness(CalendarSyncSettings settings, DatabaseProvider provider, string connectionString, SqliteTestDatabase? ownDatabase)
    {
        _ownDatabase = ownDatabase;
        Settings = settings;
        Calendar.Clock = Clock;
        App = TestAppServices.Create(provider, connectionString, configureServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.Replace(ServiceDescriptor.Singleton(settings));
            services.RemoveAll<ICalendarProvider>();
            services.AddSingleton<ICalendarProvider>(Calendar);
            services.Replace(ServiceDescriptor.Singleton<ICalendarSyncScheduler>(Queued));
            services.AddDbContextInterceptor(provider, BeforePark);
        },
        // The adapters' settings must bind (the converger resolves them); nothing listens there and no test reaches it.
        settings: ProviderSandboxSettings.For(new Uri("http://127.0.0.1:9/sandbox/")));
    }

    public static readonly DateTimeOffset Start = new(2027, 1, 11, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public CalendarSyncSettings Settings { get; }

    public ScriptedCalendar Calendar { get; } = new();

    public RecordingCalendarSyncs Queued { get; } = new();

    public TestAppServices App { get; }

    /// <summary>Runs a step once, just before the sweep's next UPDATE that parks calendars (to play a save racing it).</summary>
    public BeforeParkHook BeforePark { get; } = new();

    /// <summary>On a SQLite database of its own.</summary>
    public static async Task<CalendarSweepHarness> StartAsync(CalendarSyncSettings settings)
    {
        var database = new SqliteTestDatabase();
        var harness = new CalendarSweepHarness(settings, DatabaseProvider.Sqlite, database.ConnectionString, database);
        await harness.App.InitializeDatabaseAsync(seedDemoData: false);
        return harness;
    }

    /// <summary>On a database the caller made and migrated (another harness may share it: one app instance each).</summary>
    public static CalendarSweepHarness On(CalendarSyncSettings settings, DatabaseProvider provider, string connectionString) =>
        new(settings, provider, connectionString, ownDatabase: null);

    /// <summary><paramref name="count"/> organizers, each with an active Google connection and (unless told otherwise) a meeting next week.</summary>
    public async Task<IReadOnlyList<Guid>> AddOrganizersAsync(int count, bool withMeeting = true)
    {
        var now = Clock.GetUtcNow();
        var organizers = new List<Guid>(count);
        await App.WithDbContextAsync(async db =>
        {
            var expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Expert", $"expert.{Guid.NewGuid():N}@sweep.example", "Europe/London", null);
            db.People.Add(expert);
            for (var i = 0; i < count; i++)
            {
                var email = $"organizer.{i:D5}.{Guid.NewGuid():N}@sweep.example";
                var person = new Person(Guid.NewGuid(), PersonKind.Expert, $"Organizer {i}", email, "Europe/London", null);
                db.People.Add(person);
                db.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, GoogleProvider.Key, new ProviderAccount($"g-{i}", email),
                    new ProtectedTokens("not-used", null, now.AddHours(1), null), now.AddSeconds(-i)));
                if (withMeeting)
                {
                    var meeting = NewMeeting(person.Id, expert, now.AddDays(7), now);
                    meeting.MarkScheduled("https://meet.example/x");
                    db.Meetings.Add(meeting);
                }

                organizers.Add(person.Id);
            }

            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return organizers;
    }

    /// <summary>
    /// A budget's worth of calendars with no meeting (no calendars to read), all due before one organizer's calendar that
    /// is one to read (a meeting next week): answers both, the clock at the moment all of them are due.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Idle, Guid ToRead)> IdleCalendarsAheadOfOneToReadAsync()
    {
        var idle = await AddOrganizersAsync(Settings.BudgetPerSweep, withMeeting: false);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var toRead = (await AddOrganizersAsync(1))[0];
        var dueOfToRead = (await StateAsync(toRead)).NextSyncDueAtUtc;
        foreach (var organizerId in idle)
        {
            Assert.True((await StateAsync(organizerId)).NextSyncDueAtUtc < dueOfToRead);
        }

        return (idle, toRead);
    }

    private static Meeting NewMeeting(Guid organizerId, Person expert, DateTimeOffset startUtc, DateTimeOffset nowUtc) =>
        Meeting.Schedule(Guid.NewGuid(), organizerId, MeetingContextKind.ExpertProfile, expert.Id, "google-meet", "Call", null,
            startUtc, startUtc.AddMinutes(30), "Europe/London", [(expert.Id, expert.Email, expert.FullName)], nowUtc).Value!;

    /// <summary>
    /// A meeting of <paramref name="organizerId"/> at <paramref name="startUtc"/>, set up as the engine does it: saved while
    /// being set up, then marked Scheduled in a second save (the one after the providers answered). Answers its id.
    /// </summary>
    public async Task<Guid> ScheduleMeetingAsync(Guid organizerId, DateTimeOffset startUtc, Func<Task>? whileSettingUp = null)
    {
        var now = Clock.GetUtcNow();
        var meetingId = await App.WithDbContextAsync(async db =>
        {
            var expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Expert", $"expert.{Guid.NewGuid():N}@sweep.example", "Europe/London", null);
            db.People.Add(expert);
            var meeting = NewMeeting(organizerId, expert, startUtc, now);
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return meeting.Id;
        });
        if (whileSettingUp is not null)
        {
            await whileSettingUp();
        }

        await ChangeMeetingAsync(meetingId, m => m.MarkScheduled("https://meet.example/y"));
        return meetingId;
    }

    /// <summary>Changes the meeting through the domain and saves it, as a use case would.</summary>
    public Task ChangeMeetingAsync(Guid meetingId, Action<Meeting> change) =>
        App.WithDbContextAsync(async db =>
        {
            change(await db.Meetings.SingleAsync(m => m.Id == meetingId, TestContext.Current.CancellationToken));
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

    /// <summary>Changes the organizer's connection through the domain and saves it, as a use case would.</summary>
    public Task ChangeConnectionAsync(Guid organizerId, Action<ProviderConnection> change) =>
        App.WithDbContextAsync(async db =>
        {
            change(await db.ProviderConnections.SingleAsync(c => c.PersonId == organizerId, TestContext.Current.CancellationToken));
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

    /// <summary>One sweep, as the recurring job runs it: the organizers whose calendars it claimed (each has one calendar here).</summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync() =>
        [.. (await App.SendAsync(new ClaimDueCalendarSyncsCommand(), TestCurrentUser.Anonymous)).Select(c => c.OrganizerId)];

    public Task<CalendarSyncReport> SyncAsync(Guid organizerId) => App.SendAsync(new SyncCalendarChangesCommand(organizerId), TestCurrentUser.Anonymous);

    public Task<CalendarNotificationOutcome> NotifyAsync(string channelId, string token) =>
        App.SendAsync(new ReceiveCalendarNotificationCommand(channelId, token, "resource-1", "exists"), TestCurrentUser.Anonymous);

    public Task<CalendarSyncState> StateAsync(Guid organizerId) =>
        App.WithDbContextAsync(db => db.CalendarSyncStates.AsNoTracking().SingleAsync(s => s.PersonId == organizerId, TestContext.Current.CancellationToken));

    /// <summary>Opens a push channel on the organizer's calendar state (as <see cref="WatchCalendarCommand"/> would) and answers its token.</summary>
    public async Task<(string ChannelId, string Token)> OpenChannelAsync(Guid organizerId)
    {
        var token = CalendarChannelTokens.New();
        var channelId = Guid.NewGuid().ToString("N");
        var now = Clock.GetUtcNow();
        await App.WithDbContextAsync(async db =>
        {
            var state = await db.CalendarSyncStates.SingleAsync(s => s.PersonId == organizerId, TestContext.Current.CancellationToken);
            state.ChannelOpened(channelId, "resource-1", CalendarChannelTokens.Hash(token), now.AddDays(7), now, Settings.Cadence);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return (channelId, token);
    }

    public ValueTask DisposeAsync()
    {
        var disposed = App.DisposeAsync();
        _ownDatabase?.Dispose();
        return disposed;
    }
}

/// <summary>
/// The calendar port in process: each listing answers a new sync token and, for organizers in <see cref="Changing"/>, one
/// changed event (not InsightGig's: it counts as activity and changes no meeting). <see cref="Gate"/>, when set, holds
/// every listing until it is opened.
/// </summary>
public sealed class ScriptedCalendar : ICalendarProvider
{
    private int _tokens;

    public string Provider => GoogleProvider.Key;

    public string DisplayName => "Google Calendar";

    public ConcurrentDictionary<Guid, bool> Changing { get; } = new();

    public ConcurrentQueue<(Guid OrganizerId, DateTimeOffset AtUtc)> Listings { get; } = new();

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a listing starts waiting at <see cref="Gate"/>.</summary>
    public TaskCompletionSource ListingStarted { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeProvider? Clock { get; set; }

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        Listings.Enqueue((organizerId, Clock?.GetUtcNow() ?? default));
        if (Gate is { } gate)
        {
            ListingStarted.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        var token = $"token-{Interlocked.Increment(ref _tokens)}";
        IReadOnlyList<CalendarEventChange> events = Changing.TryRemove(organizerId, out _)
            ? [new CalendarEventChange("somebodyelses1", "confirmed", null, null, "\"1\"", 1, [])]
            : [];
        return ProviderResult<CalendarChanges>.Ok(new CalendarChanges(events, token));
    }

    public Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>The channels stopped (organizer, channel id), in order.</summary>
    public ConcurrentQueue<(Guid OrganizerId, string ChannelId)> StoppedChannels { get; } = new();

    /// <summary>When set, stopping a channel fails as a calendar that did not answer.</summary>
    public bool StopFails { get; set; }

    public Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken)
    {
        if (StopFails)
        {
            return Task.FromResult(ProviderResult<Done>.Fail(new ProviderFailure(Provider, ProviderFailureKind.Transient, "The calendar did not answer.")));
        }

        StoppedChannels.Enqueue((organizerId, channelId));
        return Task.FromResult(ProviderResult<Done>.Ok(Done.Value));
    }

    public Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, Domain.Meetings.ResponseStatus response, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}

/// <summary>Holds the sweep's parking UPDATE to run a step first, once, when <see cref="Step"/> is set.</summary>
public sealed class BeforeParkHook : DbCommandInterceptor
{
    private Func<Task>? _step;

    public void Step(Func<Task> step) => _step = step;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.CommandText.Contains("SET \"Parked\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _step, null) is { } step)
        {
            await step();
        }

        return result;
    }
}

/// <summary>The syncs queued by notifications and follow-ups and the channel stops queued by the sweep (the Hangfire side), recorded instead of run.</summary>
public sealed class RecordingCalendarSyncs : ICalendarSyncScheduler
{
    private readonly ConcurrentQueue<Guid> _queued = new();
    private readonly ConcurrentQueue<Guid> _channelStops = new();

    public IReadOnlyList<Guid> Queued => [.. _queued];

    /// <summary>The calendar connections whose channel stop was queued.</summary>
    public IReadOnlyList<Guid> ChannelStops => [.. _channelStops];

    public void Enqueue(Guid organizerId, Guid connectionId) => _queued.Enqueue(organizerId);

    public void EnqueueChannelStop(Guid connectionId) => _channelStops.Enqueue(connectionId);
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hangfire;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// The app's Application and Infrastructure services (real DI, Mediator pipeline, EF Core on a seeded SQLite file) with the
/// Zoom and Google adapters talking over real HTTP to a <see cref="ProviderSandboxServer"/> on loopback. Provider calls give
/// up quickly (a hung provider costs 2.5 s), and the Hangfire scheduler is replaced by one that records what would
/// be scheduled, so a test drives convergence itself. Shared by the tests of a class; each starts with <see cref="ResetAsync"/>.
/// </summary>
public class MeetingsAppFixture : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private ServiceProvider? _services;

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public IServiceProvider Services => _services!;

    /// <summary>What the change use cases asked the background job to retry, and after what delay.</summary>
    public RecordingSyncScheduler Scheduler { get; } = new();

    /// <summary>On the app's DbContext, disarmed: a race test arms it to hold its callers' saves until they all got there.</summary>
    public SaveChangesRendezvous Rendezvous { get; } = new();

    /// <summary>On the app's DbContext, disarmed: a crash test arms it to stop a chosen save, as if the process died there.</summary>
    public SaveChangesCrash Crash { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Erin, DemoData.Hiro, DemoData.Sofia })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });

        var settings = ProviderSandboxSettings.For(Sandbox.BaseAddress);
        settings["Database:Provider"] = nameof(DatabaseProvider.Sqlite);
        settings["ConnectionStrings:Sqlite"] = _database.ConnectionString;
        settings["Jobs:RunServer"] = "false";
        foreach (var provider in new[] { "Zoom", "Google" })
        {
            // A provider that hangs costs a change 8 s here (attempts of 3 s), not 15 s. Not shorter: with every test project
            // running at once on a 2-core machine, a sandbox call that succeeds can take over a second.
            settings[$"Providers:{provider}:Http:AttemptTimeout"] = "00:00:03";
            settings[$"Providers:{provider}:Http:TotalTimeout"] = "00:00:08";
            settings[$"Providers:{provider}:Http:MaxRetryAfter"] = "00:00:01";
        }

        Configure(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration, Path.GetTempPath());
        services.AddDbContextInterceptor(DatabaseProvider.Sqlite, Rendezvous);
        services.AddDbContextInterceptor(DatabaseProvider.Sqlite, Crash);
        services.AddScoped<TestCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        services.AddSingleton<IMeetingSyncScheduler>(Scheduler);
        Configure(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        // Hangfire keeps its log provider in a static: create this container's client (used by MeetingSyncJobs) right away,
        // so it logs through this container and not through another test's, which may be disposed by then.
        _ = _services.GetRequiredService<IBackgroundJobClient>();

        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemoData: true, CancellationToken.None);
        }

        await WarmUpAsync();
    }

    /// <summary>A fixture of its own adds settings (before the container is built).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>A fixture of its own replaces services (after the app's registrations).</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    /// <summary>
    /// One meeting scheduled and changed before the tests, so that their provider calls do not pay for first-call start-up
    /// (a Zoom create is not retried after a timeout, and the attempt timeout here is short). Tries again if start-up was slow.
    /// </summary>
    private async Task WarmUpAsync()
    {
        await ResetAsync();
        await ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var day = MeetingDates.NextMidJanuary();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var scheduled = await SendAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom",
                "Warm-up", null, day.At(9), day.At(10), []), TestCurrentUser.Clara);
            if (scheduled.IsFailure)
            {
                continue;
            }

            var moved = await SendAsync(new RescheduleMeetingCommand(scheduled.Value.Id, 0, day.At(11), day.At(12)), TestCurrentUser.Clara);
            if (moved.IsSuccess && moved.Value.InStep)
            {
                break;
            }
        }

        await ResetAsync();
    }

    /// <summary>No meetings, connections or faults; the sandbox emptied; nothing recorded by the scheduler.</summary>
    public async Task ResetAsync()
    {
        Rendezvous.Disarm();
        Crash.Disarm();
        await SandboxTestData.ResetAsync(Services, State);
        Scheduler.Clear();
    }

    /// <summary>Links the person's Zoom and/or Google account with sandbox-issued tokens for their InsightGig email.</summary>
    public async Task ConnectAsync(DemoAccount person, params SandboxProvider[] providers)
    {
        ArgumentNullException.ThrowIfNull(person);
        foreach (var provider in providers)
        {
            await SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, provider);
        }
    }

    /// <summary>The organizer linked Zoom again after its grant was revoked: the old connection is replaced by a fresh one.</summary>
    public async Task ReconnectAsync(DemoAccount person, SandboxProvider provider)
    {
        ArgumentNullException.ThrowIfNull(person);
        var key = provider == SandboxProvider.Zoom ? "zoom" : "google";
        await WithDbContextAsync(db => db.ProviderConnections.Where(c => c.PersonId == person.Id && c.Provider == key).ExecuteDeleteAsync(Ct));
        await ConnectAsync(person, provider);
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, TestCurrentUser viewer)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, Ct);
    }

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, TestCurrentUser viewer)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, Ct);
    }

    public async Task<T> WithDbContextAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    /// <summary>The meeting as stored now (participants and history included).</summary>
    public Task<Meeting> MeetingAsync(Guid id) => WithDbContextAsync(db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    /// <summary>Schedules through the real <see cref="ScheduleMeetingCommand"/> as <paramref name="organizer"/> and checks it worked.</summary>
    public async Task<ScheduledMeeting> ScheduleAsync(ScheduleMeetingCommand command, TestCurrentUser organizer)
    {
        var result = await SendAsync(command, organizer);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, result.Value.Status);
        return result.Value;
    }

    /// <summary>
    /// A meeting of Clara's with Hiro (not saved) whose set-up, started at <paramref name="setUpStartedAtUtc"/>, got as far as a
    /// real Zoom meeting in the sandbox, recorded on it: still <see cref="MeetingStatus.Scheduling"/>, no calendar event.
    /// </summary>
    public async Task<Meeting> MeetingAfterTheZoomStepAsync(string title, DateTimeOffset setUpStartedAtUtc)
    {
        var start = DateTimeOffset.UtcNow.AddDays(3);
        VideoMeetingDetails zoom;
        await using (var scope = Services.CreateAsyncScope())
        {
            var video = scope.ServiceProvider.GetServices<IVideoMeetingProvider>().Single(v => v.Key == ZoomProvider.Key);
            var created = await video.CreateMeetingAsync(DemoData.Clara.Id, new VideoMeetingRequest(title, "", start, TimeSpan.FromMinutes(30), "Europe/London", Guid.NewGuid()), Ct);
            Assert.True(created.IsSuccess, created.Failure?.Message);
            zoom = created.Value!;
        }

        var meeting = Meeting.Schedule(Guid.NewGuid(), DemoData.Clara.Id, MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", title, null,
            start, start.AddMinutes(30), "Europe/London", [(DemoData.Hiro.Id, DemoData.Hiro.Email, DemoData.Hiro.FullName)], setUpStartedAtUtc).Value;
        meeting.RecordVideoMeeting(zoom.ProviderMeetingId, zoom.JoinUrl);
        return meeting;
    }

    /// <summary>
    /// A person working directly in the providers (not through InsightGig): a Zoom or Calendar API call with a token the
    /// sandbox issues to <paramref name="email"/>, for example deleting the Zoom meeting on Zoom's side.
    /// </summary>
    public async Task<HttpResponseMessage> ProviderCallAsync(SandboxProvider provider, string email, HttpMethod method, string path)
    {
        var token = State.IssueTokens(provider, email).AccessToken;
        using var http = new HttpClient { BaseAddress = Sandbox.BaseAddress };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _database.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>An <see cref="IMeetingSyncScheduler"/> that only records: the test runs the job itself, when it chooses.</summary>
public sealed class RecordingSyncScheduler : IMeetingSyncScheduler
{
    private readonly ConcurrentQueue<(Guid MeetingId, TimeSpan Delay)> _requests = new();

    public IReadOnlyList<(Guid MeetingId, TimeSpan Delay)> Requests => [.. _requests];

    public void Enqueue(Guid meetingId, TimeSpan delay) => _requests.Enqueue((meetingId, delay));

    public void Clear() => _requests.Clear();
}

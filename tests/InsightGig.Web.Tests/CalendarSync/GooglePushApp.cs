using System.Net;
using System.Net.Sockets;
using Hangfire;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.CalendarSync;

/// <summary>
/// A class fixture: a provider sandbox on loopback and the app served by Kestrel on a loopback port that is also its
/// <c>App:PublicBaseUrl</c>, so that Google push notifications (the sandbox's events.watch channels) reach
/// <c>POST /webhooks/google</c> over real HTTP. Background jobs are queued, not run: tests run them when they choose.
/// </summary>
public sealed class GooglePushApp : IAsyncLifetime
{
    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public GooglePushWebFactory Factory { get; private set; } = null!;

    public IServiceProvider Services => Factory.Services;

    /// <summary>The app's root on Kestrel, e.g. <c>http://127.0.0.1:41234/</c>, and its public base URL.</summary>
    public Uri Address { get; private set; } = null!;

    public Uri WebhookUrl => new(Address, CalendarSyncJobs.WebhookPathFor(GoogleProvider.Key).TrimStart('/'));

    /// <summary>A plain HTTP client to <see cref="Address"/> (no cookies, no redirects followed).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Hiro })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        Address = new Uri($"http://127.0.0.1:{FreePort()}/");
        Factory = new GooglePushWebFactory(Sandbox.BaseAddress, Address);
        Factory.StartServer();
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task ResetAsync() => SandboxTestData.ResetAsync(Services, State);

    public Task ConnectAsync(DemoAccount person, SandboxProvider provider) =>
        SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, provider);

    /// <summary>Runs the calendar sync job for <paramref name="organizer"/>, as Hangfire would (in a scope of its own).</summary>
    public async Task<CalendarSyncReport> RunSyncJobAsync(DemoAccount organizer, bool pushed = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<CalendarSyncJobs>();
        return pushed
            ? await jobs.SyncNowAsync(organizer.Id, TestContext.Current.CancellationToken)
            : await jobs.SyncAsync(organizer.Id, TestContext.Current.CancellationToken);
    }

    /// <summary>How many "sync after a push notification" jobs for <paramref name="organizer"/> wait in the app's queue.</summary>
    public int QueuedPushSyncs(DemoAccount organizer)
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.EnqueuedJobs("default", 0, 1000).Count(j =>
            j.Value.Job?.Method.Name == nameof(CalendarSyncJobs.SyncCalendarNowAsync) && j.Value.Job.Args[0] is Guid id && id == organizer.Id);
    }

    /// <summary>Runs the sweep job once, as the recurring job would.</summary>
    public async Task<int> RunSweepJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CalendarSyncJobs>().SweepAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the "stop the push channel of a parked calendar" job, as Hangfire would.</summary>
    public async Task<ParkedChannelStop> RunChannelStopJobAsync(Guid connectionId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CalendarSyncJobs>().StopParkedChannelAsync(connectionId, TestContext.Current.CancellationToken);
    }

    /// <summary>How many "stop the push channel of a parked calendar" jobs for <paramref name="connectionId"/> wait in the app's queue.</summary>
    public int QueuedChannelStops(Guid connectionId)
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.EnqueuedJobs("default", 0, 1000).Count(j =>
            j.Value.Job?.Method.Name == nameof(CalendarSyncJobs.StopParkedChannelAsync) && j.Value.Job.Args[0] is Guid id && id == connectionId);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}

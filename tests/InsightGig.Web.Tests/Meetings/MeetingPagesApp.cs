using Hangfire;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// A class fixture: a provider sandbox on loopback and the app (SQLite, demo data) whose adapters talk to it over HTTP,
/// with no Hangfire server: a change the providers did not confirm stays "updating…" until a test runs the sync job itself.
/// </summary>
public sealed class MeetingPagesApp : IAsyncLifetime
{
    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedWebFactory Factory { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public IServiceProvider Services => Factory.Services;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            options.MeetConferencePendingDelay = TimeSpan.Zero;
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Erin, DemoData.Hiro, DemoData.Sofia })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        Factory = new SandboxedWebFactory(Sandbox.BaseAddress, overrides: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        _ = Factory.Server;
        // Hangfire keeps its log provider in a static, pointing at the last app started in this process; when that app is
        // disposed, a Hangfire client created afterwards fails. Create this app's client now, while the static is ours.
        _ = Services.GetRequiredService<IBackgroundJobClient>();
    }

    public Task ResetAsync() => SandboxTestData.ResetAsync(Services, State);

    public async Task ConnectAsync(DemoAccount person, params SandboxProvider[] providers)
    {
        ArgumentNullException.ThrowIfNull(person);
        foreach (var provider in providers)
        {
            await SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, provider);
        }
    }

    public Task<HttpClient> ClientForAsync(DemoAccount person) => Factory.CreateClientForAsync(person);

    public async Task<Meeting> MeetingAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
    }

    /// <summary>Runs the background sync job for the meeting once, as Hangfire would.</summary>
    public async Task RunSyncJobAsync(Guid meetingId)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MeetingSyncJobs>().ConvergeAsync(meetingId, 1, Ct);
    }

    public async ValueTask DisposeAsync()
    {
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

using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>
/// The app's services (real DI and Mediator pipeline) on a seeded SQLite file, with the Zoom and Google adapters talking
/// over HTTP to a provider sandbox on loopback. Shared by the tests of a class; each starts with <see cref="ResetAsync"/>.
/// </summary>
public class SchedulingAppFixture : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly TimeSpan _meetPendingDelay;

    public SchedulingAppFixture()
        : this(TimeSpan.Zero)
    {
    }

    protected SchedulingAppFixture(TimeSpan meetPendingDelay) => _meetPendingDelay = meetPendingDelay;

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedAppServices App { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    /// <summary>On the app's DbContext, disarmed: a race test arms it to hold its callers' saves until they all got there.</summary>
    public SaveChangesRendezvous Rendezvous { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            options.MeetConferencePendingDelay = _meetPendingDelay;
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Erin, DemoData.Hiro, DemoData.Priya })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        App = SandboxedAppServices.Create(DatabaseProvider.Sqlite, _database.ConnectionString, Sandbox, Rendezvous);
        await App.InitializeDatabaseAsync(seedDemoData: true);
    }

    public Task ResetAsync()
    {
        Rendezvous.Disarm();
        return App.ResetAsync();
    }

    /// <summary>Links the person's Zoom and/or Google account (sandbox-issued tokens for their InsightGig email).</summary>
    public async Task ConnectAsync(DemoAccount person, params SandboxProvider[] providers)
    {
        ArgumentNullException.ThrowIfNull(person);
        foreach (var provider in providers)
        {
            await SandboxTestData.ConnectAsync(App.Services, State, person.Id, person.Email, provider);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _database.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, with a sandbox whose Google Meet conferences stay "pending" for a while after the event is created.</summary>
public sealed class SlowMeetAppFixture : SchedulingAppFixture
{
    public static readonly TimeSpan PendingDelay = TimeSpan.FromSeconds(1.2);

    public SlowMeetAppFixture()
        : base(PendingDelay)
    {
    }
}

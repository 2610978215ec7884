using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Integration.Tests.Scheduling;

/// <summary>
/// A real PostgreSQL database of the class's own (<see cref="PostgreSqlTestDatabase"/>), migrated and demo-seeded, with the
/// app's services on it and the Zoom and Google adapters talking over HTTP to a provider sandbox on loopback.
/// </summary>
public sealed class PostgreSqlSandboxFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedAppServices App { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    /// <summary>On the app's DbContext, disarmed: a race test arms it to hold its callers' saves until they all got there.</summary>
    public SaveChangesRendezvous Rendezvous { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Erin, DemoData.Hiro })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        App = SandboxedAppServices.Create(DatabaseProvider.PostgreSql, Database.ConnectionString, Sandbox, Rendezvous);
        await App.InitializeDatabaseAsync(seedDemoData: true);
    }

    /// <summary>
    /// Settings for the app as a child process (<see cref="WebAppProcess"/>) as it runs in Development, on this fixture's
    /// database (already migrated and seeded), against the sandbox, logging warnings and worse.
    /// </summary>
    public Dictionary<string, string?> AppProcessSettings()
    {
        var settings = ProviderSandboxSettings.For(Sandbox.BaseAddress);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["Database:Provider"] = "PostgreSql";
        settings["ConnectionStrings:PostgreSql"] = Database.ConnectionString;
        settings["Database:MigrateOnStartup"] = "false";
        settings["Database:SeedDemoData"] = "false";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    /// <summary>Empties meetings, connections and link attempts (the demo directory stays) and resets the sandbox.</summary>
    public Task ResetAsync()
    {
        Rendezvous.Disarm();
        return App.ResetAsync();
    }

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

        await Database.DisposeAsync();
    }
}

using Hangfire;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InsightGig.Integration.Tests.Jobs;

[CollectionDefinition(Name)]
public sealed class TokenRefreshTestGroup : ICollectionFixture<TokenRefreshFixture>
{
    public const string Name = "Token refresh on PostgreSQL";
}

/// <summary>
/// A PostgreSQL database, a provider sandbox on loopback, and two app instances on that database (two DI containers, as
/// two servers behind a load balancer) whose Hangfire clients only record the jobs they are asked to create.
/// </summary>
public sealed class TokenRefreshFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public AppInstance A { get; private set; } = null!;

    public AppInstance B { get; private set; } = null!;

    /// <summary>The jobs instance A created (enqueued fan-out, scheduled retries).</summary>
    public RecordingBackgroundJobClient JobsA { get; } = new();

    public RecordingBackgroundJobClient JobsB { get; } = new();

    /// <summary>The refresh window the app is configured with (<c>Jobs:TokenRefreshWindow</c>).</summary>
    public TimeSpan Window => A.Services.GetRequiredService<IOptions<JobOptions>>().Value.TokenRefreshWindow;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Sandbox = await ProviderSandboxServer.StartAsync();
        A = await StartInstanceAsync("A", JobsA);
        B = await StartInstanceAsync("B", JobsB);
    }

    /// <summary>An empty directory and no connections, a fresh sandbox (no grants, faults or counters), no recorded jobs.</summary>
    public async Task ResetAsync()
    {
        State.Reset();
        await ZoomConnectionSeed.DeleteAllAsync(A.Services);
        JobsA.Clear();
        JobsB.Clear();
    }

    /// <summary>Runs the refresh job as a Hangfire worker would: a DI scope of its own on <paramref name="instance"/>.</summary>
    public static Task RunRefreshJobAsync(AppInstance instance, Guid connectionId, int attempt, CancellationToken cancellationToken) =>
        instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().RefreshAsync(connectionId, attempt, cancellationToken));

    /// <summary>Runs the recurring sweep on <paramref name="instance"/>; answers how many connections it fanned out.</summary>
    public static Task<int> RunSweepAsync(AppInstance instance, CancellationToken cancellationToken) =>
        instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().EnqueueExpiringAsync(cancellationToken));

    private async Task<AppInstance> StartInstanceAsync(string name, RecordingBackgroundJobClient jobs)
    {
        var instance = AppInstance.Create(
            name,
            DatabaseProvider.PostgreSql,
            Database.ConnectionString,
            Sandbox.BaseAddress,
            services: services =>
            {
                services.RemoveAll<IBackgroundJobClient>();
                services.AddSingleton<IBackgroundJobClient>(jobs);
            });
        await instance.StartAsync();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}

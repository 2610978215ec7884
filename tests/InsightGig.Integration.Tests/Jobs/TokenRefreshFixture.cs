using Hangfire;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Notifications;
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
/// two servers behind a load balancer) whose Hangfire clients only record the jobs they are asked to create; and a third,
/// <see cref="Impatient"/>, with one drain job and short time limits on the provider's token endpoint.
/// </summary>
public sealed class TokenRefreshFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public AppInstance A { get; private set; } = null!;

    public AppInstance B { get; private set; } = null!;

    /// <summary>
    /// An instance with one token refresh drain job at most, and a token endpoint given <see cref="ImpatientAttempt"/> per
    /// ordinary try but <see cref="ImpatientTokenExchange"/> per token exchange.
    /// </summary>
    public AppInstance Impatient { get; private set; } = null!;

    public static readonly TimeSpan ImpatientAttempt = TimeSpan.FromSeconds(1);

    /// <summary>Well above <see cref="ImpatientAttempt"/> plus the latency a test adds: a loaded machine must not turn an answer into a timeout.</summary>
    public static readonly TimeSpan ImpatientTokenExchange = TimeSpan.FromSeconds(10);

    public RecordingBackgroundJobClient JobsImpatient { get; } = new();

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
        Impatient = await StartInstanceAsync(
            "Impatient",
            JobsImpatient,
            new Dictionary<string, string?>
            {
                ["Jobs:TokenRefreshDrainJobs"] = "1",
                ["Providers:Zoom:Http:AttemptTimeout"] = ImpatientAttempt.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Providers:Zoom:Http:TokenExchangeTimeout"] = ImpatientTokenExchange.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Providers:Zoom:Http:TotalTimeout"] = "00:00:20",
            });
    }

    /// <summary>An empty directory and no connections, a fresh sandbox (no grants, faults or counters), no recorded jobs.</summary>
    public async Task ResetAsync()
    {
        State.Reset();
        await ZoomConnectionSeed.DeleteAllAsync(A.Services);
        // A previous test's notifications still on their way to the jobs would land after the clear.
        foreach (var instance in new[] { A, B, Impatient })
        {
            await instance.Services.GetRequiredService<BackgroundNotificationDispatcher>().WhenIdleAsync(CancellationToken.None);
        }

        JobsA.Clear();
        JobsB.Clear();
        JobsImpatient.Clear();
    }

    /// <summary>
    /// Runs the refresh job as a Hangfire worker would: a DI scope of its own on <paramref name="instance"/>; then waits for the
    /// notifications it committed (a reconnect alert) to be handed to the jobs, which happens off the job's path.
    /// </summary>
    public static async Task RunRefreshJobAsync(AppInstance instance, Guid connectionId, int attempt, CancellationToken cancellationToken)
    {
        await instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().RefreshAsync(connectionId, attempt, cancellationToken));
        await instance.Services.GetRequiredService<BackgroundNotificationDispatcher>().WhenIdleAsync(cancellationToken);
    }

    /// <summary>Runs the recurring sweep on <paramref name="instance"/>; answers how many connections it fanned out.</summary>
    public static Task<int> RunSweepAsync(AppInstance instance, CancellationToken cancellationToken) =>
        instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().EnqueueExpiringAsync(cancellationToken));

    /// <summary>Runs a drain job's page as a Hangfire worker would: a DI scope of its own on <paramref name="instance"/>.</summary>
    public static Task RunDrainJobAsync(AppInstance instance, RecordedJob drain, CancellationToken cancellationToken) =>
        instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().DrainAsync((Guid)drain.Args[0], (Guid[])drain.Args[1], cancellationToken));

    private async Task<AppInstance> StartInstanceAsync(string name, RecordingBackgroundJobClient jobs, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var instance = AppInstance.Create(
            name,
            DatabaseProvider.PostgreSql,
            Database.ConnectionString,
            Sandbox.BaseAddress,
            settings,
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
        if (Impatient is not null)
        {
            await Impatient.DisposeAsync();
        }

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

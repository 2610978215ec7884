using InsightGig.Application;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.TestSupport;

/// <summary>
/// The application and infrastructure services as the app registers them (Mediator pipeline, the configured provider's
/// DbContext, Identity), without the web host. Each scope has its own <see cref="TestCurrentUser"/>.
/// </summary>
public sealed class TestAppServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TestAppServices(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    /// <param name="configureServices">Replaces app services after registration (a fake clock, a scripted adapter).</param>
    /// <param name="settings">More configuration (e.g. provider settings for adapters a use case resolves).</param>
    public static TestAppServices Create(DatabaseProvider provider, string connectionString, string? contentRootPath = null,
        Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                [$"ConnectionStrings:{provider}"] = connectionString,
                [TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration, contentRootPath ?? Path.GetTempPath());
        services.AddScoped<TestCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        configureServices?.Invoke(services);
        return new TestAppServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
    }

    /// <summary>Migrates the database and, when asked, seeds the demo data, as the app does at start-up in Development.</summary>
    public async Task InitializeDatabaseAsync(bool seedDemoData, CancellationToken cancellationToken = default)
    {
        await using var scope = _provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemoData, cancellationToken);
    }

    public async Task SeedDemoDataAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = _provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
    }

    /// <summary>Sends <paramref name="query"/> through the Mediator pipeline as <paramref name="viewer"/> (null: anonymous).</summary>
    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, TestCurrentUser? viewer, CancellationToken cancellationToken = default)
    {
        await using var scope = _provider.CreateAsyncScope();
        var current = scope.ServiceProvider.GetRequiredService<TestCurrentUser>();
        current.Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    /// <summary>Sends <paramref name="command"/> through the Mediator pipeline as <paramref name="viewer"/> (null: anonymous), in a scope of its own.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, TestCurrentUser? viewer, CancellationToken cancellationToken = default)
    {
        await using var scope = _provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's <see cref="ApplicationDbContext"/>.</summary>
    public async Task<T> WithDbContextAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

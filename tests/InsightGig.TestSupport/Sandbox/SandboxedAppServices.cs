using InsightGig.Application;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using Mediator;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// The application and infrastructure services as the app registers them (like <see cref="TestAppServices"/>), with the
/// Zoom and Google adapters pointed at a <see cref="ProviderSandboxServer"/>. Commands and queries go through the real
/// Mediator pipeline, each in a DI scope of its own (one web request each), as a <see cref="TestCurrentUser"/>.
/// </summary>
public sealed class SandboxedAppServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SandboxedAppServices(ServiceProvider provider, ProviderSandboxServer sandbox)
    {
        _provider = provider;
        Sandbox = sandbox;
    }

    public IServiceProvider Services => _provider;

    public ProviderSandboxServer Sandbox { get; }

    public ProviderSandboxState State => Sandbox.State;

    /// <summary>The app's services on <paramref name="connectionString"/>, talking to <paramref name="sandbox"/> (which the caller owns).</summary>
    /// <param name="interceptor">Added to the app's DbContext, e.g. a <see cref="SaveChangesRendezvous"/>.</param>
    /// <param name="configureServices">Replaces app services after registration (a fake clock, a recording scheduler).</param>
    public static SandboxedAppServices Create(DatabaseProvider provider, string connectionString, ProviderSandboxServer sandbox, IInterceptor? interceptor = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var settings = ProviderSandboxSettings.For(sandbox.BaseAddress);
        settings["Database:Provider"] = provider.ToString();
        settings[$"ConnectionStrings:{provider}"] = connectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration, Path.GetTempPath());
        if (interceptor is not null)
        {
            services.AddDbContextInterceptor(provider, interceptor);
        }

        services.AddScoped<TestCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        configureServices?.Invoke(services);
        return new SandboxedAppServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), sandbox);
    }

    /// <summary>Migrates the database and, when asked, seeds the demo data, as the app does at start-up in Development.</summary>
    public async Task InitializeDatabaseAsync(bool seedDemoData)
    {
        await using var scope = _provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemoData, CancellationToken.None);
    }

    /// <summary>Sends a command through the pipeline as <paramref name="viewer"/>, in a scope of its own (cancelled with the test).</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, TestCurrentUser viewer)
    {
        await using var scope = _provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a query through the pipeline as <paramref name="viewer"/>, in a scope of its own.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, TestCurrentUser viewer)
    {
        await using var scope = _provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's <see cref="ApplicationDbContext"/>.</summary>
    public async Task<T> WithDbContextAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    /// <summary>Empties meetings, connections and link attempts, and resets the sandbox.</summary>
    public Task ResetAsync() => SandboxTestData.ResetAsync(_provider, State);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

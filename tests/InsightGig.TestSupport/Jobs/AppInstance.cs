using InsightGig.Application;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InsightGig.TestSupport.Jobs;

/// <summary>
/// One "instance" of the app without its web front: a generic host with the Application and Infrastructure services as
/// the app registers them (Hangfire included), on a given database, with the provider adapters pointed at a sandbox.
/// Several instances on one PostgreSQL database behave as app instances behind a load balancer do.
/// </summary>
/// <remarks>
/// <c>Jobs:RunServer</c> is off unless <c>settings</c> turns it on; then <see cref="StartAsync"/> starts a Hangfire server.
/// Start instances that share a database one after the other: Hangfire prepares its schema when its storage is first used.
/// </remarks>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private AppInstance(string name, IHost host)
    {
        Name = name;
        _host = host;
    }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    /// <param name="name">A label (logs, messages).</param>
    /// <param name="settings">More or overriding settings, e.g. <c>Jobs:RunServer</c>.</param>
    /// <param name="services">Replaces or adds services after the app's own registrations.</param>
    public static AppInstance Create(
        string name,
        DatabaseProvider provider,
        string connectionString,
        Uri sandboxBase,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var values = ProviderSandboxSettings.For(sandboxBase);
        values["Database:Provider"] = provider.ToString();
        values[$"ConnectionStrings:{provider}"] = connectionString;
        values["Jobs:RunServer"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "InsightGig.Tests." + name,
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddLogging();
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration, Path.GetTempPath());
        builder.Services.AddScoped<TestCurrentUser>();
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        services?.Invoke(builder.Services);
        return new AppInstance(name, builder.Build());
    }

    /// <summary>Validates the options and starts the hosted services (the Hangfire server when <c>Jobs:RunServer</c> is on).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _host.StartAsync(cancellationToken);
        _started = true;
    }

    /// <summary>Runs <paramref name="work"/> in a DI scope of its own (one request or one job).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <inheritdoc cref="InScopeAsync{T}(Func{IServiceProvider, Task{T}})"/>
    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _host.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    public override string ToString() => Name;

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _host.StopAsync(stopping.Token);
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}

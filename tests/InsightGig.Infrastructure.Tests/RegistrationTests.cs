using Hangfire;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Microsoft365;
using InsightGig.Infrastructure.Providers.Zoom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InsightGig.Infrastructure.Tests;

public sealed class RegistrationTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Providers:Zoom:ClientId"] = "zoom-client",
        ["Providers:Zoom:ClientSecret"] = "zoom-secret",
        ["Providers:Google:ClientId"] = "google-client",
        ["Providers:Google:ClientSecret"] = "google-secret",
        ["Providers:Microsoft:ClientId"] = "microsoft-client",
        ["Providers:Microsoft:ClientSecret"] = "microsoft-secret",
    };

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProviderAdapters(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task Each_container_gets_its_own_hangfire_storage_even_when_built_at_the_same_time()
    {
        // Hangfire's own registration hands out the static JobStorage.Current, which the last configured container sets:
        // two hosts in one process then shared a storage, and one failed when the other was disposed.
        var folder = Directory.CreateTempSubdirectory("insightgig-registration-");
        ServiceProvider Container(string name)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddJobs(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Jobs:RunServer"] = "false",
                    ["ConnectionStrings:Sqlite"] = $"Data Source={name}.db",
                }).Build(),
                DatabaseProvider.Sqlite, folder.FullName);
            return services.BuildServiceProvider();
        }

        await using var first = Container("first");
        await using var second = Container("second");
        var storages = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<JobStorage>(), TestContext.Current.CancellationToken),
            Task.Run(() => second.GetRequiredService<JobStorage>(), TestContext.Current.CancellationToken));

        Assert.NotSame(storages[0], storages[1]);
        Assert.Same(storages[0], first.GetRequiredService<JobStorage>());
        Assert.Same(storages[1], second.GetRequiredService<JobStorage>());
        // The embedded default keeps its jobs in a file beside the app's database, one per app database.
        Assert.True(File.Exists(Path.Combine(folder.FullName, "first-jobs.db")));
        Assert.True(File.Exists(Path.Combine(folder.FullName, "second-jobs.db")));
    }

    [Fact]
    public async Task Each_container_activates_jobs_in_its_own_scopes_even_when_another_was_configured_after_it()
    {
        // Hangfire's own registration hands out JobActivator.Current: a server that started after another host configured
        // itself ran its jobs in that host's container (CI: "Sweeps run by A: 0"), against that host's database.
        var folder = Directory.CreateTempSubdirectory("insightgig-activator-");
        ServiceProvider Container(string name)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(new ContainerName(name));
            services.AddJobs(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Jobs:RunServer"] = "false",
                    ["ConnectionStrings:Sqlite"] = $"Data Source={name}.db",
                }).Build(),
                DatabaseProvider.Sqlite, folder.FullName);
            return services.BuildServiceProvider();
        }

        await using var first = Container("first");
        await using var second = Container("second");
        // The order that broke it: the first is configured, then the second, and only then does the first's server ask for
        // its activator.
        first.GetRequiredService<IGlobalConfiguration>();
        second.GetRequiredService<IGlobalConfiguration>();

        Assert.Equal("first", ActivatedIn(first));
        Assert.Equal("second", ActivatedIn(second));
    }

    private static string ActivatedIn(ServiceProvider container)
    {
        using var connection = container.GetRequiredService<JobStorage>().GetConnection();
        var job = new BackgroundJob("1", Hangfire.Common.Job.FromExpression(() => Console.WriteLine()), DateTime.UtcNow);
        using var scope = container.GetRequiredService<JobActivator>().BeginScope(new JobActivatorContext(connection, job, new JobCancellationToken(false)));
        return ((ContainerName)scope.Resolve(typeof(ContainerName))).Name;
    }

    private sealed record ContainerName(string Name);

    [Theory]
    [InlineData("Host=db;Username=app", DatabaseRegistration.DefaultMaxAutoPrepare)]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;maxautoprepare=10", 10)]
    public void PostgreSql_statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string given, int expected)
    {
        var used = new NpgsqlConnectionStringBuilder(DatabaseRegistration.ForPooledContexts(given));

        Assert.Equal(expected, used.MaxAutoPrepare);
        Assert.Equal("db", used.Host);
        Assert.Equal("app", used.Username);
    }

    [Theory]
    [InlineData("Host=db;Username=app", true)]
    [InlineData("Host=db;Username=app;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=app;noresetonclose=false", false)]
    public void PostgreSql_contexts_connections_are_not_reset_on_close_unless_the_connection_string_says_otherwise(string given, bool expected)
    {
        var used = new NpgsqlConnectionStringBuilder(DatabaseRegistration.ForPooledContexts(given));

        Assert.Equal(expected, used.NoResetOnClose);
        Assert.Equal(DatabaseRegistration.DefaultMaxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal("app", used.Username);
    }

    [Fact]
    public void Every_port_is_registered_with_every_providers_linker()
    {
        using var services = Build(Complete);
        services.GetRequiredService<IStartupValidator>().Validate();
        using var scope = services.CreateScope();

        Assert.Equal([GoogleProvider.Key, MicrosoftProvider.Key, ZoomProvider.Key], scope.ServiceProvider.GetServices<IOAuthAccountLinker>().Select(l => l.Provider).Order());
        Assert.Equal(ZoomProvider.Key, scope.ServiceProvider.GetRequiredService<IVideoMeetingProvider>().Key);
        Assert.Equal([GoogleProvider.Key, MicrosoftProvider.Key], scope.ServiceProvider.GetServices<ICalendarProvider>().Select(c => c.Provider).Order());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IAccessTokenSource>());
        var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
        Assert.Null(protector.Unprotect("not-protected"));
    }

    [Fact]
    public void Real_provider_urls_are_the_defaults()
    {
        using var services = Build(Complete);

        var zoom = services.GetRequiredService<IOptions<InsightGig.Infrastructure.Providers.Zoom.ZoomOptions>>().Value;
        var google = services.GetRequiredService<IOptions<InsightGig.Infrastructure.Providers.Google.GoogleOptions>>().Value;

        Assert.Equal("https://zoom.us/oauth/token", zoom.TokenUrl);
        Assert.Equal("https://api.zoom.us/v2/", zoom.ApiBaseUrl);
        Assert.Equal("https://oauth2.googleapis.com/token", google.TokenUrl);
        Assert.Equal("https://www.googleapis.com/", google.ApiRootUrl);
        Assert.Equal("openid email profile https://www.googleapis.com/auth/calendar.events", google.Scopes);
        var microsoft = services.GetRequiredService<IOptions<MicrosoftOptions>>().Value;
        Assert.Equal("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", microsoft.EffectiveAuthorizeUrl);
        Assert.Equal("https://login.microsoftonline.com/common/oauth2/v2.0/token", microsoft.EffectiveTokenUrl);
        Assert.Equal("https://graph.microsoft.com/v1.0", microsoft.GraphBase);
        Assert.Equal("offline_access User.Read Calendars.ReadWrite", microsoft.Scopes);
    }

    [Fact]
    public void Missing_client_credentials_stop_the_app_at_start()
    {
        using var services = Build(new Dictionary<string, string?>(Complete) { ["Providers:Zoom:ClientSecret"] = null });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_timeouts_stop_the_app_at_start()
    {
        using var services = Build(new Dictionary<string, string?>(Complete)
        {
            ["Providers:Google:Http:AttemptTimeout"] = "00:01:00",
            ["Providers:Google:Http:TotalTimeout"] = "00:00:30",
        });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Providers:Google:Http", error.Message, StringComparison.Ordinal);
    }
}

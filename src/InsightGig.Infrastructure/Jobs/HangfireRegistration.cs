using System.Runtime.CompilerServices;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>Hangfire with the storage that matches <c>Database:Provider</c>, its servers, and the recurring jobs.</summary>
internal static class HangfireRegistration
{
    /// <summary>This process's Hangfire server name (its server id is this, a colon and a GUID).</summary>
    public static readonly string ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How often an idle worker looks for a job in the SQLite queue (it is polled; other storages are signalled).</summary>
    public static readonly TimeSpan SqliteQueuePollInterval = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string contentRootPath)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TokenRefreshJobs>();
        services.AddScoped<MeetingSyncJobs>();
        services.AddScoped<CalendarSyncJobs>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value.CalendarSync);
        services.AddScoped<NotificationJobs>();
        services.AddScoped<InsightGig.Application.Meetings.SyncCalendarChanges.ICalendarSyncScheduler, HangfireCalendarSyncScheduler>();
        services.AddScoped<InsightGig.Application.Meetings.Converge.IMeetingSyncScheduler, HangfireMeetingSyncScheduler>();
        // The storage is this container's own singleton. Hangfire's AddHangfire would hand out JobStorage.Current, a static
        // that the last configured container sets: with two hosts in one process (tests) one got the other's storage and
        // failed once that host was disposed.
        // Each storage is made in a method of its own: the JIT loads the assembly of every type a method names, so one
        // switch naming all four loaded all four storages' assemblies whatever the database.
        services.AddSingleton<JobStorage>(_ => provider switch
        {
            // Shared storage: every instance sees the same queues, and a recurring job runs once per period, not once per instance.
            DatabaseProvider.PostgreSql => PostgreSqlStorageFor(configuration.GetConnectionString("PostgreSql")),
            DatabaseProvider.SqlServer => SqlServerStorageFor(configuration.GetConnectionString("SqlServer")),
            // The embedded default: a SQLite file of its own next to the app's, so queued and scheduled jobs (retries
            // included) survive a restart, and Hangfire's polling never holds the app's database lock.
            _ when JobsSqliteFilePath(configuration, contentRootPath) is { } jobsFile => SqliteStorageFor(jobsFile),
            // An app database in memory (a throwaway run): the jobs live as long as it does.
            _ => InMemoryStorageFor(),
        });
        // The job activator too: Hangfire registers JobActivator.Current, the static the last configured container set. A
        // test host whose server started while another host (a parallel test) configured itself ran its jobs in the other
        // host's container, against the other host's database. Each container now activates jobs in its own scopes.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, hangfire) => hangfire
            .UseLogProvider(new HostBoundLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        // Hangfire's filters are process-wide (GlobalJobFilters): added once, however many hosts this process builds.
        lock (GlobalJobFilters.Filters)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTelemetryFilter))
            {
                GlobalJobFilters.Filters.Add(new JobTelemetryFilter());
            }
        }

        var jobOptions = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        if (jobOptions.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = jobOptions.WorkerCount;
                server.ServerName = ServerName;
            });
        }

        return services;
    }

    /// <summary>
    /// Where the embedded default keeps its jobs: beside the app's SQLite file, named after it (<c>insightgig.db</c> →
    /// <c>insightgig-jobs.db</c>); null when the app's database is not a SQLite file.
    /// </summary>
    public static string? JobsSqliteFilePath(IConfiguration configuration, string contentRootPath) =>
        DatabaseRegistration.SqliteFilePath(configuration, contentRootPath) is { } appFile
            ? Path.Combine(Path.GetDirectoryName(appFile)!, Path.GetFileNameWithoutExtension(appFile) + "-jobs.db")
            : null;

    // Each returns the base type and is never inlined, so that compiling the switch above names none of the four storage
    // types (CA1859 asks for the concrete ones, which would name them again).
#pragma warning disable CA1859
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JobStorage PostgreSqlStorageFor(string? connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JobStorage SqlServerStorageFor(string? connectionString) => new SqlServerStorage(connectionString);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JobStorage SqliteStorageFor(string jobsFile) =>
        new SQLiteStorage(jobsFile, new SQLiteStorageOptions { QueuePollInterval = SqliteQueuePollInterval });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JobStorage InMemoryStorageFor() => new InMemoryStorage();
#pragma warning restore CA1859
}

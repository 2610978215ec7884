using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using InsightGig.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>Hangfire with the storage that matches <c>Database:Provider</c>, its servers, and the recurring jobs.</summary>
internal static class HangfireRegistration
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TokenRefreshJobs>();
        services.AddScoped<MeetingSyncJobs>();
        services.AddScoped<CalendarSyncJobs>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value.CalendarSync);
        services.AddScoped<InsightGig.Application.Meetings.SyncCalendarChanges.ICalendarSyncScheduler, HangfireCalendarSyncScheduler>();
        services.AddScoped<InsightGig.Application.Meetings.Converge.IMeetingSyncScheduler, HangfireMeetingSyncScheduler>();
        // The storage is this container's own singleton. Hangfire's AddHangfire would hand out JobStorage.Current, a static
        // that the last configured container sets: with two hosts in one process (tests) one got the other's storage and
        // failed once that host was disposed.
        services.AddSingleton<JobStorage>(_ => provider switch
        {
            // Shared storage: every instance sees the same queues, and a recurring job runs once per period, not once per instance.
            DatabaseProvider.PostgreSql => PostgreSqlStorageFor(configuration.GetConnectionString("PostgreSql")),
            DatabaseProvider.SqlServer => new SqlServerStorage(configuration.GetConnectionString("SqlServer")),
            // The embedded default runs one instance; in-memory storage needs nothing installed.
            _ => new InMemoryStorage(),
        });
        services.AddHangfire((sp, hangfire) => hangfire
            .UseLogProvider(new HostBoundLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        var jobOptions = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        if (jobOptions.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = jobOptions.WorkerCount;
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        return services;
    }

    private static PostgreSqlStorage PostgreSqlStorageFor(string? connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}

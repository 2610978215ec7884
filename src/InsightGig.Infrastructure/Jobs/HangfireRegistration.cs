using Hangfire;
using Hangfire.PostgreSql;
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
        services.AddScoped<InsightGig.Application.Meetings.SyncCalendarChanges.ICalendarSyncScheduler, HangfireCalendarSyncScheduler>();
        services.AddScoped<InsightGig.Application.Meetings.Converge.IMeetingSyncScheduler, HangfireMeetingSyncScheduler>();
        services.AddHangfire((sp, hangfire) =>
        {
            hangfire.UseLogProvider(new HostBoundLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (provider)
            {
                case DatabaseProvider.PostgreSql:
                    // Shared storage: every instance sees the same queues, and a recurring job runs once per period, not once per instance.
                    hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(configuration.GetConnectionString("PostgreSql")),
                        new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
                    break;
                case DatabaseProvider.SqlServer:
                    hangfire.UseSqlServerStorage(configuration.GetConnectionString("SqlServer"));
                    break;
                default:
                    // The embedded default runs one instance; in-memory storage needs nothing installed.
                    hangfire.UseInMemoryStorage();
                    break;
            }
        });

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
}

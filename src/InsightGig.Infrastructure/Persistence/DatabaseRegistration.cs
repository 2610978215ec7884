using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using InsightGig.Infrastructure.Notifications;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>Registers the DbContext of the configured provider and exposes it as <see cref="ApplicationDbContext"/>.</summary>
internal static class DatabaseRegistration
{
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/insightgig.db";

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{value}' is not one of Sqlite, PostgreSql, SqlServer.");
    }

    public static DatabaseProvider AddDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var provider = ReadProvider(configuration);
        // Pooled: a request (and each token read, which works in a scope of its own) reuses a context instead of building
        // EF's internal services anew, which was the largest share of the CPU and allocations behind "Create meeting".
        // The contexts hold no state of their own, which pooling requires.
        var connectionString = configuration.GetConnectionString(provider.ToString());
        services.AddSingleton<CalendarSyncStateSaveChangesInterceptor>();
        // Queries split by default: a meeting's participants, history and proposals are three collections, and one query
        // returns their product (a busy meeting: tens of thousands of rows, seconds to load; MeetingLoadTests). The few hot
        // projections with one small collection stay one round trip with AsSingleQuery.
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqlitePath(connectionString ?? DefaultSqliteConnectionString, contentRootPath);
                services.AddDbContextPool<SqliteApplicationDbContext>((sp, o) => o.UseSqlite(sqlite, sql => sql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).AddInterceptors(Outbox(sp), CalendarSyncStates(sp), SqliteUnicodeLowerInterceptor.Instance)
                    .ReplaceService<IMigrationsAssembly, MigrationsNamespaceAssembly>());
                services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<SqliteApplicationDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgreSqlApplicationDbContext>((sp, o) => o.UseNpgsql(ForPooledContexts(Require(connectionString, provider)), sql => sql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).AddInterceptors(Outbox(sp), CalendarSyncStates(sp))
                    .ReplaceService<IMigrationsAssembly, MigrationsNamespaceAssembly>());
                services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<PostgreSqlApplicationDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<SqlServerApplicationDbContext>((sp, o) => o.UseSqlServer(Require(connectionString, provider), sql => sql.EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .AddInterceptors(Outbox(sp), CalendarSyncStates(sp)).ReplaceService<IMigrationsAssembly, MigrationsNamespaceAssembly>());
                services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<SqlServerApplicationDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }

        return provider;
    }

    /// <summary>The outbox's hook: notifications are written in the same save as the change that causes them.</summary>
    private static OutboxSaveChangesInterceptor Outbox(IServiceProvider services) => services.GetRequiredService<OutboxSaveChangesInterceptor>();

    /// <summary>Calendar sync states made and woken in the same save as the change that makes a calendar one to read back.</summary>
    private static CalendarSyncStateSaveChangesInterceptor CalendarSyncStates(IServiceProvider services) =>
        services.GetRequiredService<CalendarSyncStateSaveChangesInterceptor>();

    /// <summary>How many statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The connection string of the contexts' pool. Turns on Npgsql's automatic preparation unless the connection string sets
    /// <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a PgBouncer older than 1.21 in transaction mode): our queries
    /// are few and repeated; without it PostgreSQL parses and plans every one of them again, which was about a third of
    /// "Create meeting"'s time. And turns off the session reset on close unless the string sets <c>No Reset On Close</c>:
    /// with prepared statements kept, Npgsql resets a pooled connection with seven statements (<c>RESET ALL</c>,
    /// <c>UNLISTEN *</c>, <c>CLOSE ALL</c>, ...) that PostgreSQL runs before the next command of every open, and a create opens
    /// one about nine times. The contexts leave no session state behind to reset (no <c>SET</c>, <c>LISTEN</c>, temporary
    /// table or advisory lock; an open transaction is still rolled back when the connection goes back to the pool), and
    /// Hangfire's storage keeps its own connection string, so its pool still resets.
    /// </summary>
    public static string ForPooledContexts(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var used = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            used.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            used.NoResetOnClose = true;
        }

        return used.ConnectionString;
    }

    private static string Require(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"ConnectionStrings:{provider} is required when Database:Provider is {provider}.")
            : connectionString;

    /// <summary>
    /// The file of the app's SQLite database (absolute), or null when it is not a file (in memory) or the provider is not SQLite.
    /// </summary>
    public static string? SqliteFilePath(IConfiguration configuration, string contentRootPath)
    {
        if (ReadProvider(configuration) != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(
            ResolveSqlitePath(configuration.GetConnectionString(nameof(DatabaseProvider.Sqlite)) ?? DefaultSqliteConnectionString, contentRootPath));
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "" ? null : Path.GetFullPath(builder.DataSource);
    }

    /// <summary>A relative SQLite file is placed under the app's content root, and its folder is created, so a fresh clone just runs.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRootPath)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource) && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.Combine(contentRootPath, builder.DataSource);
        }

        if (builder.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}

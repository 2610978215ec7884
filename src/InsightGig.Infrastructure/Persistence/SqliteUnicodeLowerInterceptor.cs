using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// Gives each SQLite connection a <c>lower()</c> that folds all of Unicode, as PostgreSQL's and SQL Server's do. SQLite's
/// built-in one folds only A–Z, so on the embedded default a search for "ÉNERGIE" never found "Énergie". EF Core
/// translates <c>ToLower()</c> to <c>lower()</c>, and a function registered on a connection overrides the built-in.
/// </summary>
internal sealed class SqliteUnicodeLowerInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteUnicodeLowerInterceptor Instance = new();

    // Once per connection object, as EF Core's own SQLite provider adds its functions: Microsoft.Data.Sqlite keeps a function
    // made on a closed connection and applies it at every open, so nothing is done again per open.
    public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        Register(result);
        return result;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            // Deterministic, as the built-in is, so SQLite may still use it in indexes and constant folding.
            sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        }
    }
}

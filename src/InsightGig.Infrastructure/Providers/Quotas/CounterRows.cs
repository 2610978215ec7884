using System.Globalization;
using System.Text;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>
/// Takes a call's permits of all its quotas in one statement (<see cref="TakeOneWhereRoomAsync"/>), and makes quota counter
/// rows only where they are absent, in each database's own words, so the first requests of a window racing
/// to make its row never meet a unique-key error (which EF Core and the database server log as errors): PostgreSQL and SQLite
/// <c>INSERT … ON CONFLICT DO NOTHING</c>; SQL Server <c>INSERT … SELECT … WHERE NOT EXISTS</c> reading under
/// <c>UPDLOCK, HOLDLOCK</c> (the key range stays locked until the statement ends, so a racing insert waits, then finds the row).
/// Table, columns and the stored form of the window's start come from the EF Core model (SQLite keeps instants as integers).
/// </summary>
internal static class CounterRows
{
    /// <summary>Rows per statement: three parameters each, well inside SQL Server's 2,100.</summary>
    private const int RowsPerStatement = 500;

    /// <summary>
    /// Takes one permit from every one of <paramref name="rows"/> whose window's row exists and has room, in one statement
    /// (<c>UPDATE … RETURNING</c>; SQL Server <c>OUTPUT</c>). Each row's condition is checked as that row is updated, so a
    /// racing instance never pushes a counter past its limit.
    /// </summary>
    /// <returns>The keys whose permits were taken; the other rows were absent or full, and nothing was taken from them.</returns>
    public static async Task<IReadOnlyList<string>> TakeOneWhereRoomAsync(ApplicationDbContext db, IReadOnlyList<ProviderQuotaGate.PermitTake> rows, CancellationToken cancellationToken)
    {
        var t = Table.Of(db);
        var parameters = new List<object>(rows.Count * 3);
        var conditions = new StringBuilder();
        foreach (var row in rows)
        {
            // Placeholders {0}, {1}, ... that EF Core turns into parameters: no value is ever written into the text.
            var at = parameters.Count;
            conditions.Append(conditions.Length == 0 ? "(" : " OR (")
                .Append(CultureInfo.InvariantCulture, $"{t.Key} = {{{at}}} AND {t.Window} = {{{at + 1}}} AND {t.Count} < {{{at + 2}}})");
            parameters.Add(row.Key);
            parameters.Add(t.WindowToStore?.ConvertToProvider(row.WindowStartUtc) ?? row.WindowStartUtc);
            parameters.Add(row.Limit);
        }

        // The column is named Value: EF Core's SqlQuery of a scalar type reads that column.
        var value = t.Sql.DelimitIdentifier("Value");
        var statement = t.OnSqlServer
            ? $"UPDATE {t.Name} SET {t.Count} = {t.Count} + 1 OUTPUT inserted.{t.Key} AS {value} WHERE {conditions}"
            : $"UPDATE {t.Name} SET {t.Count} = {t.Count} + 1 WHERE {conditions} RETURNING {t.Key} AS {value}";
        return await db.Database.SqlQueryRaw<string>(statement, [.. parameters]).ToListAsync(cancellationToken);
    }

    /// <returns>How many of <paramref name="rows"/> were made (the others existed already).</returns>
    public static async Task<int> InsertAbsentAsync(ApplicationDbContext db, IReadOnlyList<ProviderQuotaGate.PermitTake> rows, CancellationToken cancellationToken)
    {
        var t = Table.Of(db);
        var (table, key, window, count, windowToStore, onSqlServer) = (t.Name, t.Key, t.Window, t.Count, t.WindowToStore, t.OnSqlServer);

        var made = 0;
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var parameters = new List<object>(chunk.Length * 3);
            var values = new StringBuilder();
            foreach (var row in chunk)
            {
                // Placeholders {0}, {1}, ... that EF Core turns into parameters: no value is ever written into the text.
                var at = parameters.Count;
                values.Append(values.Length == 0 ? "(" : ", (").Append(CultureInfo.InvariantCulture, $"{{{at}}}, {{{at + 1}}}, {{{at + 2}}})");
                parameters.Add(row.Key);
                parameters.Add(windowToStore?.ConvertToProvider(row.WindowStartUtc) ?? row.WindowStartUtc);
                parameters.Add(row.Amount);
            }

            var statement = onSqlServer
                ? $"INSERT INTO {table} ({key}, {window}, {count}) SELECT v.k, v.w, v.c FROM (VALUES {values}) AS v (k, w, c) " +
                  $"WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WITH (UPDLOCK, HOLDLOCK) WHERE t.{key} = v.k AND t.{window} = v.w)"
                : $"INSERT INTO {table} ({key}, {window}, {count}) VALUES {values} ON CONFLICT DO NOTHING";
            made += await db.Database.ExecuteSqlRawAsync(statement, parameters, cancellationToken);
        }

        return made;
    }

    /// <summary>Table, columns and the stored form of the window's start, from the EF Core model (SQLite keeps instants as integers).</summary>
    private sealed record Table(string Name, string Key, string Window, string Count, ISqlGenerationHelper Sql, ValueConverter? WindowToStore, bool OnSqlServer)
    {
        public static Table Of(ApplicationDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(ProviderQuotaCounter))!;
            var tableName = entity.GetTableName()!;
            var storeObject = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(storeObject)!);
            return new Table(
                sql.DelimitIdentifier(tableName, entity.GetSchema()),
                Column(nameof(ProviderQuotaCounter.Key)),
                Column(nameof(ProviderQuotaCounter.WindowStartUtc)),
                Column(nameof(ProviderQuotaCounter.Count)),
                sql,
                entity.FindProperty(nameof(ProviderQuotaCounter.WindowStartUtc))!.GetTypeMapping().Converter,
                db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer");
        }
    }
}

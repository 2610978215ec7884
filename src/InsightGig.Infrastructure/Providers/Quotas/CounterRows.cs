using System.Globalization;
using System.Text;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>
/// Makes quota counter rows only where they are absent, in each database's own words, so the first requests of a window racing
/// to make its row never meet a unique-key error (which EF Core and the database server log as errors): PostgreSQL and SQLite
/// <c>INSERT … ON CONFLICT DO NOTHING</c>; SQL Server <c>INSERT … SELECT … WHERE NOT EXISTS</c> reading under
/// <c>UPDLOCK, HOLDLOCK</c> (the key range stays locked until the statement ends, so a racing insert waits, then finds the row).
/// Table, columns and the stored form of the window's start come from the EF Core model (SQLite keeps instants as integers).
/// </summary>
internal static class CounterRows
{
    /// <summary>Rows per statement: three parameters each, well inside SQL Server's 2,100.</summary>
    private const int RowsPerStatement = 500;

    /// <returns>How many of <paramref name="rows"/> were made (the others existed already).</returns>
    public static async Task<int> InsertAbsentAsync(ApplicationDbContext db, IReadOnlyList<ProviderQuotaGate.PermitTake> rows, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(ProviderQuotaCounter))!;
        var tableName = entity.GetTableName()!;
        var storeObject = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var windowProperty = entity.FindProperty(nameof(ProviderQuotaCounter.WindowStartUtc))!;
        var windowToStore = windowProperty.GetTypeMapping().Converter;
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(storeObject)!);
        var table = sql.DelimitIdentifier(tableName, entity.GetSchema());
        var (key, window, count) = (Column(nameof(ProviderQuotaCounter.Key)), Column(nameof(ProviderQuotaCounter.WindowStartUtc)), Column(nameof(ProviderQuotaCounter.Count)));
        var onSqlServer = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer";

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
}

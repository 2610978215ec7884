using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SyncState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates");

            migrationBuilder.AddColumn<bool>(
                name: "Parked",
                table: "CalendarSyncStates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "WakeCount",
                table: "CalendarSyncStates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_Parked_NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                columns: new[] { "Parked", "NextSyncDueAtUtc" });

            // Hand-written (keep it when regenerating this migration; PostgreSqlDatabaseTests.The_apps_connections_run_with_jit_off_set_on_the_database_by_the_migrations fails without it): the app's short
            // queries paid PostgreSQL's JIT compile time, 0.2-1.8 s each (docs/performance.md). A database setting, not a
            // connection-string option, so it also holds behind PgBouncer. A role that does not own the database cannot
            // set it: the migration goes on with a warning, and README says what the operator runs instead.
            migrationBuilder.Sql(PostgreSqlJit.TurnOffSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CalendarSyncStates_Parked_NextSyncDueAtUtc",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "Parked",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "WakeCount",
                table: "CalendarSyncStates");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                column: "NextSyncDueAtUtc");

            migrationBuilder.Sql(PostgreSqlJit.ResetSql);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "WakeCount",
                table: "CalendarSyncStates",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_Parked_NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                columns: new[] { "Parked", "NextSyncDueAtUtc" });
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
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Syncscale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SyncNotBeforeUtc",
                table: "Meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FollowUpRequested",
                table: "CalendarSyncStates",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "PollInterval",
                table: "CalendarSyncStates",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<Guid>(
                name: "SyncClaimToken",
                table: "CalendarSyncStates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SyncClaimedUntilUtc",
                table: "CalendarSyncStates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProviderQuotaCounter",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WindowStartUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProviderQuotaCounter", x => new { x.Key, x.WindowStartUtc });
                });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                column: "NextSyncDueAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProviderQuotaCounter");

            migrationBuilder.DropIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "SyncNotBeforeUtc",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "FollowUpRequested",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "NextSyncDueAtUtc",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "PollInterval",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "SyncClaimToken",
                table: "CalendarSyncStates");

            migrationBuilder.DropColumn(
                name: "SyncClaimedUntilUtc",
                table: "CalendarSyncStates");
        }
    }
}

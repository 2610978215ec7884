using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Syncscale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SyncNotBeforeUtc",
                table: "Meetings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FollowUpRequested",
                table: "CalendarSyncStates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<TimeSpan>(
                name: "PollInterval",
                table: "CalendarSyncStates",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<Guid>(
                name: "SyncClaimToken",
                table: "CalendarSyncStates",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SyncClaimedUntilUtc",
                table: "CalendarSyncStates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProviderQuotaCounter",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WindowStartUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
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

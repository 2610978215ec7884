using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Syncscale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FollowUpRequested",
                table: "CalendarSyncStates",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<TimeSpan>(
                name: "PollInterval",
                table: "CalendarSyncStates",
                type: "time",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<Guid>(
                name: "SyncClaimToken",
                table: "CalendarSyncStates",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SyncClaimedUntilUtc",
                table: "CalendarSyncStates",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates",
                column: "NextSyncDueAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CalendarSyncStates_NextSyncDueAtUtc",
                table: "CalendarSyncStates");

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

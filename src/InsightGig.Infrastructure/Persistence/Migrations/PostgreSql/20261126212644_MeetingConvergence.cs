using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MeetingConvergence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarEtag",
                table: "Meetings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CalendarSyncedVersion",
                table: "Meetings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CancellationNote",
                table: "Meetings",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CancelledAtUtc",
                table: "Meetings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SyncProblem",
                table: "Meetings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Meetings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "VideoSyncedVersion",
                table: "Meetings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Response",
                table: "MeetingParticipants",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "MeetingChanges",
                columns: table => new
                {
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingChanges", x => new { x.MeetingId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_MeetingChanges_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_Status_EndUtc",
                table: "Meetings",
                columns: new[] { "Status", "EndUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingChanges");

            migrationBuilder.DropIndex(
                name: "IX_Meetings_Status_EndUtc",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "CalendarEtag",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "CalendarSyncedVersion",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "CancellationNote",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "CancelledAtUtc",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "SyncProblem",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "VideoSyncedVersion",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "Response",
                table: "MeetingParticipants");
        }
    }
}

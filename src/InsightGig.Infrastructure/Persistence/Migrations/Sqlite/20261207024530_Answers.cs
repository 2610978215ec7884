using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Answers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AnswerVersion",
                table: "MeetingParticipants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "AnswerWrittenVersion",
                table: "MeetingParticipants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CalendarReportedResponse",
                table: "MeetingParticipants",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "RespondedAtUtc",
                table: "MeetingParticipants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResponseSource",
                table: "MeetingParticipants",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ResponseSourceName",
                table: "MeetingParticipants",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MeetingProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    EndUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ProposedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ClosedAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingProposals_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingProposals_MeetingId_Status",
                table: "MeetingProposals",
                columns: new[] { "MeetingId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingProposals");

            migrationBuilder.DropColumn(
                name: "AnswerVersion",
                table: "MeetingParticipants");

            migrationBuilder.DropColumn(
                name: "AnswerWrittenVersion",
                table: "MeetingParticipants");

            migrationBuilder.DropColumn(
                name: "CalendarReportedResponse",
                table: "MeetingParticipants");

            migrationBuilder.DropColumn(
                name: "RespondedAtUtc",
                table: "MeetingParticipants");

            migrationBuilder.DropColumn(
                name: "ResponseSource",
                table: "MeetingParticipants");

            migrationBuilder.DropColumn(
                name: "ResponseSourceName",
                table: "MeetingParticipants");
        }
    }
}

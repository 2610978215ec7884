using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CalendarSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarSyncStates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    SyncToken = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    LastSyncedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastFullSyncAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ChannelResourceId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ChannelTokenHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ChannelExpiresAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarSyncStates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarSyncStates_ProviderConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "ProviderConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_ChannelId",
                table: "CalendarSyncStates",
                column: "ChannelId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_ConnectionId",
                table: "CalendarSyncStates",
                column: "ConnectionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncStates_PersonId",
                table: "CalendarSyncStates",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalendarSyncStates");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Refreshdrain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RefreshClaimId",
                table: "ProviderConnections",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefreshClaimedUntilUtc",
                table: "ProviderConnections",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefreshInDoubtSinceUtc",
                table: "ProviderConnections",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProviderConnections_RefreshClaimedUntilUtc",
                table: "ProviderConnections",
                column: "RefreshClaimedUntilUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProviderConnections_RefreshClaimedUntilUtc",
                table: "ProviderConnections");

            migrationBuilder.DropColumn(
                name: "RefreshClaimId",
                table: "ProviderConnections");

            migrationBuilder.DropColumn(
                name: "RefreshClaimedUntilUtc",
                table: "ProviderConnections");

            migrationBuilder.DropColumn(
                name: "RefreshInDoubtSinceUtc",
                table: "ProviderConnections");
        }
    }
}

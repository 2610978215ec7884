using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InsightGig.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Guests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HideGuestList",
                table: "Meetings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HideGuestList",
                table: "Meetings");
        }
    }
}

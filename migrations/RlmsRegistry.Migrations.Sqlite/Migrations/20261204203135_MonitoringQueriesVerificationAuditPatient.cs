using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RlmsRegistry.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MonitoringQueriesVerificationAuditPatient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsVerified",
                table: "PathologyReports",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "VerificationLostReason",
                table: "PathologyReports",
                type: "TEXT",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "PathologyReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "PathologyReports",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsVerified",
                table: "Operations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "VerificationLostReason",
                table: "Operations",
                type: "TEXT",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "Operations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsVerified",
                table: "LabPanels",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "VerificationLostReason",
                table: "LabPanels",
                type: "TEXT",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "LabPanels",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "LabPanels",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsVerified",
                table: "FollowUpEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "VerificationLostReason",
                table: "FollowUpEvents",
                type: "TEXT",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "FollowUpEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "FollowUpEvents",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PatientId",
                table: "AuditEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataQueries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CentreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FormKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FormId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MonitorNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataQueries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataQueries_Centres_CentreId",
                        column: x => x.CentreId,
                        principalTable: "Centres",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DataQueries_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_PatientId_Id",
                table: "AuditEntries",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DataQueries_CentreId_Status",
                table: "DataQueries",
                columns: new[] { "CentreId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DataQueries_FormId",
                table: "DataQueries",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_DataQueries_PatientId",
                table: "DataQueries",
                column: "PatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataQueries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_PatientId_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "IsVerified",
                table: "PathologyReports");

            migrationBuilder.DropColumn(
                name: "VerificationLostReason",
                table: "PathologyReports");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "PathologyReports");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "PathologyReports");

            migrationBuilder.DropColumn(
                name: "IsVerified",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "VerificationLostReason",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "IsVerified",
                table: "LabPanels");

            migrationBuilder.DropColumn(
                name: "VerificationLostReason",
                table: "LabPanels");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "LabPanels");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "LabPanels");

            migrationBuilder.DropColumn(
                name: "IsVerified",
                table: "FollowUpEvents");

            migrationBuilder.DropColumn(
                name: "VerificationLostReason",
                table: "FollowUpEvents");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "FollowUpEvents");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "FollowUpEvents");

            migrationBuilder.DropColumn(
                name: "PatientId",
                table: "AuditEntries");
        }
    }
}

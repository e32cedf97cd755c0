using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RlmsRegistry.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ClinicalForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FollowUpEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DiseaseStatus = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: true),
                    Site = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: true),
                    CauseOfDeath = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IsLocked = table.Column<bool>(type: "bit", nullable: false),
                    LastEditReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpEvents_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Operations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Setting = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    RecurrenceNumber = table.Column<int>(type: "int", nullable: true),
                    PrimaryOperatedOutside = table.Column<bool>(type: "bit", nullable: false),
                    OutsidePrimaryDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Resection = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: true),
                    MaxDiameterCm = table.Column<decimal>(type: "decimal(6,2)", precision: 6, scale: 2, nullable: true),
                    Multifocal = table.Column<bool>(type: "bit", nullable: true),
                    OrgansResected = table.Column<int>(type: "int", nullable: true),
                    VascularResection = table.Column<int>(type: "int", nullable: true),
                    TumourOrigin = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    BloodLossMl = table.Column<int>(type: "int", nullable: true),
                    Transfused = table.Column<bool>(type: "bit", nullable: true),
                    OperativeTimeMinutes = table.Column<int>(type: "int", nullable: true),
                    ClavienDindo = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: true),
                    AsaScore = table.Column<int>(type: "int", nullable: true),
                    NeoadjuvantRadiotherapy = table.Column<bool>(type: "bit", nullable: true),
                    NeoadjuvantChemotherapy = table.Column<bool>(type: "bit", nullable: true),
                    AdjuvantRadiotherapy = table.Column<bool>(type: "bit", nullable: true),
                    AdjuvantChemotherapy = table.Column<bool>(type: "bit", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IsLocked = table.Column<bool>(type: "bit", nullable: false),
                    LastEditReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Operations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Operations_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabPanels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OperationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DrawDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PlateletsE9PerL = table.Column<decimal>(type: "decimal(9,3)", precision: 9, scale: 3, nullable: true),
                    NeutrophilsE9PerL = table.Column<decimal>(type: "decimal(9,3)", precision: 9, scale: 3, nullable: true),
                    LymphocytesE9PerL = table.Column<decimal>(type: "decimal(9,3)", precision: 9, scale: 3, nullable: true),
                    HaemoglobinGPerL = table.Column<decimal>(type: "decimal(7,2)", precision: 7, scale: 2, nullable: true),
                    AlbuminGPerL = table.Column<decimal>(type: "decimal(7,2)", precision: 7, scale: 2, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IsLocked = table.Column<bool>(type: "bit", nullable: false),
                    LastEditReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabPanels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabPanels_Operations_OperationId",
                        column: x => x.OperationId,
                        principalTable: "Operations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PathologyReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OperationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Histotype = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    DifferentiationScore = table.Column<int>(type: "int", nullable: true),
                    MitoticCountPer10Hpf = table.Column<int>(type: "int", nullable: true),
                    Necrosis = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: true),
                    ReportedGrade = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: true),
                    MarginStatus = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    Ki67Percent = table.Column<decimal>(type: "decimal(5,2)", precision: 5, scale: 2, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IsLocked = table.Column<bool>(type: "bit", nullable: false),
                    LastEditReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PathologyReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PathologyReports_Operations_OperationId",
                        column: x => x.OperationId,
                        principalTable: "Operations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpEvents_PatientId_Date",
                table: "FollowUpEvents",
                columns: new[] { "PatientId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_LabPanels_OperationId",
                table: "LabPanels",
                column: "OperationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Operations_PatientId_Date",
                table: "Operations",
                columns: new[] { "PatientId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PathologyReports_OperationId",
                table: "PathologyReports",
                column: "OperationId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FollowUpEvents");

            migrationBuilder.DropTable(
                name: "LabPanels");

            migrationBuilder.DropTable(
                name: "PathologyReports");

            migrationBuilder.DropTable(
                name: "Operations");
        }
    }
}

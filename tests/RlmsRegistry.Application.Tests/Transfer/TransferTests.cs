using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Application.Transfer;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Transfer;

/// <summary>
/// Registry exports and imports: the round trip (export A → import into an empty B → export B gives the same files and
/// the same analysis fingerprint), the row report of a refused import, centre scope, the syntax files under R and PSPP,
/// and the data dictionary against the field definitions.
/// </summary>
public sealed class TransferTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    private static readonly TestUser Admin = TestUser.InRole(Roles.Admin);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheDemoRegistry_WhenExportedImportedIntoAnEmptyRegistryAndExportedAgain_ThenEveryFileIsIdenticalAndTheFingerprintToo(DatabaseProvider provider)
    {
        await using var a = await DemoRegistryAsync(provider);
        var exportA = await ExportAsync(a, Admin, ExportFormat.All);

        await using var b = await RegistryTestHost.StartAsync(provider);
        var report = await b.SendAs<ImportReport>(Admin, new ImportRegistryCommand(Unzip(exportA)) { Reason = "migration from registry A" });
        Assert.Empty(report.Problems);
        Assert.True(report.Stored);
        Assert.Equal(227, report.Files.Single(f => f.File == "patients.csv").Created);
        Assert.Equal(2, report.Files.Single(f => f.File == "centres.csv").Created); // C01, C02 (TA and TB exist in both)

        var exportB = await ExportAsync(b, Admin, ExportFormat.All);
        var filesA = Unzip(exportA, everything: true);
        var filesB = Unzip(exportB, everything: true);
        Assert.Equal(filesA.Keys.Order(), filesB.Keys.Order());
        Assert.Contains("manifest.json", filesA.Keys);
        foreach (var name in filesA.Keys.Where(n => n != "manifest.json"))
        {
            Assert.True(filesA[name].AsSpan().SequenceEqual(filesB[name]), $"{name} differs after the round trip");
        }

        Assert.Equal(AnalysisFingerprint.Compute(await a.Services.AnalysisRowsAsync()), AnalysisFingerprint.Compute(await b.Services.AnalysisRowsAsync()));

        // The manifest counts rows and hashes each file.
        var manifest = ManifestJson.Read(filesA["manifest.json"])!;
        Assert.Equal(227, manifest.Files.Single(f => f.Name == "patients.csv").Rows);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(filesA["operations.csv"])), manifest.Files.Single(f => f.Name == "operations.csv").Sha256);

        // Importing the same files again changes nothing, and writes no audit entry.
        var auditBefore = await b.QueryAsync(db => db.AuditEntries.CountAsync());
        var again = await b.SendAs<ImportReport>(Admin, new ImportRegistryCommand(Unzip(exportB)));
        Assert.Empty(again.Problems);
        Assert.Equal((0, 0), (again.Created, again.Updated));
        Assert.True(again.Unchanged > 227);
        Assert.Equal(auditBefore, await b.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenADiameterOfAbcAndAnUnknownStudyId_WhenImportedDryOrForReal_ThenBothRowsAreReportedAndNothingIsStored(DatabaseProvider provider)
    {
        await using var host = await SmallRegistryAsync(provider);
        var files = Unzip(await ExportAsync(host, Admin, ExportFormat.Csv));
        var operations = Lines(files["operations.csv"]);
        var diameter = Array.IndexOf(operations[0].Split(','), "max_diameter_cm");
        operations[1] = SetCell(operations[1], diameter, "abc");
        operations[3] = SetCell(operations[3], 0, "C01-09999");
        var import = new Dictionary<string, byte[]> { ["operations.csv"] = Join(operations) };
        var audit = await host.QueryAsync(db => db.AuditEntries.CountAsync());

        foreach (var dryRun in new[] { true, false })
        {
            var report = await host.SendAs<ImportReport>(Admin, new ImportRegistryCommand(import) { DryRun = dryRun });

            Assert.False(report.Stored);
            Assert.Equal(2, report.Problems.Count);
            var bad = report.Problems[0];
            Assert.Equal(("operations.csv", 2, "max_diameter_cm"), (bad.File, bad.Row, bad.Column));
            Assert.Contains("Maximum tumour diameter must be a number", bad.Message, StringComparison.Ordinal);
            Assert.Contains("\"abc\"", bad.Message, StringComparison.Ordinal);
            var unknown = report.Problems[1];
            Assert.Equal(("operations.csv", 4, "study_id"), (unknown.File, unknown.Row, unknown.Column));
            Assert.Contains("C01-09999 is neither in the registry nor in patients.csv", unknown.Message, StringComparison.Ordinal);
        }

        Assert.Equal(audit, await host.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    /// <summary>
    /// The import saves its patients in batches (the change tracker and the memory stay small) inside one transaction:
    /// a refused row in the last batch, after the first batches were saved, still leaves nothing stored; the same files
    /// without it import in batches to the same registry.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenBatchesOfTwoPatients_WhenTheLastPatientsRowIsRefused_ThenNothingIsStored_AndWithoutItEverythingIs(DatabaseProvider provider)
    {
        await using var a = await SmallRegistryAsync(provider);
        var files = Unzip(await ExportAsync(a, Admin, ExportFormat.Csv));
        var events = Lines(files["follow-up-events.csv"]);
        var last = Lines(files["patients.csv"])[^1].Split(',')[0];
        var lastEvent = Array.FindLastIndex(events, l => l.StartsWith(last + ",", StringComparison.Ordinal));
        var bad = new Dictionary<string, byte[]>(files)
        {
            ["follow-up-events.csv"] = Join(events.Select((l, i) => i == lastEvent ? SetCell(l, Array.IndexOf(events[0].Split(','), "event_date"), "2099-13-01") : l)),
        };

        await using var b = await RegistryTestHost.StartAsync(provider);
        var auditBefore = await b.QueryAsync(db => db.AuditEntries.CountAsync());
        var refused = await b.SendAs<ImportReport>(Admin, new ImportRegistryCommand(bad) { Reason = "migration", PatientsPerBatch = 2 });
        var problem = Assert.Single(refused.Problems);
        Assert.Equal(("follow-up-events.csv", lastEvent + 1, "event_date"), (problem.File, problem.Row, problem.Column));
        Assert.False(refused.Stored);
        Assert.Equal(0, await b.QueryAsync(db => db.Patients.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await b.QueryAsync(db => db.Operations.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await b.QueryAsync(db => db.Centres.CountAsync(c => c.Code == "C01")));
        Assert.Equal(auditBefore, await b.QueryAsync(db => db.AuditEntries.CountAsync()));

        var imported = await b.SendAs<ImportReport>(Admin, new ImportRegistryCommand(files) { Reason = "migration", PatientsPerBatch = 2 });
        Assert.Empty(imported.Problems);
        Assert.True(imported.Stored);
        var exportA = Unzip(await ExportAsync(a, Admin, ExportFormat.Csv));
        var exportB = Unzip(await ExportAsync(b, Admin, ExportFormat.Csv));
        foreach (var name in exportA.Keys)
        {
            Assert.True(exportA[name].AsSpan().SequenceEqual(exportB[name]), $"{name} differs after a batched import");
        }

        // Every imported form is audited with its patient and centre (looked up once per save, not per form).
        var formAudits = await b.QueryAsync(db => db.AuditEntries.Where(e => e.Entity == "LabPanel" || e.Entity == "Pathology").ToListAsync());
        Assert.Equal(Lines(files["labs.csv"]).Length - 1 + Lines(files["pathology.csv"]).Length - 1, formAudits.Count);
        Assert.All(formAudits, e => Assert.True(e.PatientId is not null && e.CentreId is not null && e.Reason == "migration"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenChangedRows_WhenImported_ThenDryRunCountsThem_AndTheImportUpdatesWithTheReasonAudited(DatabaseProvider provider)
    {
        await using var host = await SmallRegistryAsync(provider);
        var files = Unzip(await ExportAsync(host, Admin, ExportFormat.Csv));
        var labs = Lines(files["labs.csv"]);
        var platelets = Array.IndexOf(labs[0].Split(','), "platelets");
        labs[1] = SetCell(labs[1], platelets, "321.5");
        var import = new Dictionary<string, byte[]> { ["labs.csv"] = Join(labs) };

        var dry = await host.SendAs<ImportReport>(Admin, new ImportRegistryCommand(import) { DryRun = true, Reason = "lab re-check" });
        Assert.Equal((0, 1, false), (dry.Created, dry.Updated, dry.Stored));
        Assert.Equal(0, await host.QueryAsync(db => db.LabPanels.CountAsync(l => l.PlateletsE9PerL == 321.5m)));

        // A complete form needs a reason; without one the row is refused.
        var noReason = await host.SendAs<ImportReport>(Admin, new ImportRegistryCommand(import));
        Assert.Equal("reason", Assert.Single(noReason.Problems).Column);

        var real = await host.SendAs<ImportReport>(Admin, new ImportRegistryCommand(import) { Reason = "lab re-check" });
        Assert.True(real.Stored);
        Assert.Equal(1, real.Updated);
        Assert.Equal(1, await host.QueryAsync(db => db.LabPanels.CountAsync(l => l.PlateletsE9PerL == 321.5m)));
        Assert.Equal(1, await host.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "LabPanel" && a.Reason == "lab re-check")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenADataManagerOfC02_WhenTheFileHasAC01Row_ThenThatRowIsRefusedAndNothingIsStored(DatabaseProvider provider)
    {
        await using var host = await SmallRegistryAsync(provider, centres: 2);
        var files = Unzip(await ExportAsync(host, Admin, ExportFormat.Csv));
        var c02 = await host.QueryAsync(db => db.Centres.SingleAsync(c => c.Code == "C02"));
        var dataManager = TestUser.InRole(Roles.DataManager, c02.Id);
        var events = Lines(files["follow-up-events.csv"]);
        var c01Row = Array.FindIndex(events, l => l.StartsWith("C01-", StringComparison.Ordinal));
        var c02Row = Array.FindIndex(events, l => l.StartsWith("C02-", StringComparison.Ordinal));
        var patients = Lines(files["patients.csv"]);
        var newC01 = "NEW-1,C01,1,1960,1";
        var import = new Dictionary<string, byte[]>
        {
            ["patients.csv"] = Join([patients[0], newC01]),
            ["follow-up-events.csv"] = Join([events[0], events[c01Row], events[c02Row]]),
        };
        var audit = await host.QueryAsync(db => db.AuditEntries.CountAsync());

        var report = await host.SendAs<ImportReport>(dataManager, new ImportRegistryCommand(import) { Reason = "r" });

        Assert.False(report.Stored);
        Assert.Equal(2, report.Problems.Count);
        Assert.Equal(("patients.csv", 2, "centre_code"), (report.Problems[0].File, report.Problems[0].Row, report.Problems[0].Column));
        Assert.Contains("only into your own centres", report.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(("follow-up-events.csv", 2, "study_id"), (report.Problems[1].File, report.Problems[1].Row, report.Problems[1].Column));
        Assert.Contains("belongs to centre C01, which is not one of your centres", report.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Files.Single(f => f.File == "follow-up-events.csv").Unchanged); // the C02 row
        Assert.Equal(audit, await host.QueryAsync(db => db.AuditEntries.CountAsync()));

        // Their export holds their own centre only.
        var own = Unzip(await ExportAsync(host, dataManager, ExportFormat.Csv));
        Assert.All(Lines(own["patients.csv"]).Skip(1), l => Assert.StartsWith("C02-", l, StringComparison.Ordinal));
        await Assert.ThrowsAsync<RlmsRegistry.Application.Common.Exceptions.ForbiddenException>(() =>
            host.SendAs<ExportManifest>(dataManager, new ExportRegistryCommand(new MemoryStream()) { Centres = ["C01"] }));
    }

    [Fact]
    public async Task GivenNewPatientsWithoutStudyIds_WhenImported_ThenStudyIdsAreAllocatedAndReported()
    {
        await using var host = await RegistryTestHost.StartAsync(DatabaseProvider.Sqlite);
        var dataManager = TestUser.InRole(Roles.DataManager, host.CentreA.Id);
        var import = new Dictionary<string, byte[]>
        {
            ["patients.csv"] = Join(["study_id,centre_code,sex,birth_year,consent_status", ",TA,1,1970,1", "site-17,TA,2,1955,2"]),
            ["operations.csv"] = Join([
                string.Join(',', TransferSchema.Operations.Columns.Where(c => c.Type != TransferType.Calculated).Select(c => c.Name)),
                "site-17,1,draft,2015-06-01,1" + new string(',', TransferSchema.Operations.Columns.Count(c => c.Type != TransferType.Calculated) - 5)]),
        };

        var report = await host.SendAs<ImportReport>(dataManager, new ImportRegistryCommand(import));

        Assert.Empty(report.Problems);
        Assert.Equal(["TA-00001", "TA-00002"], report.Allocated.Select(a => a.StudyId));
        Assert.Equal("site-17", report.Allocated[1].GivenAs);
        Assert.Equal(1, await host.QueryAsync(db => db.Operations.CountAsync(o => o.Status == RecordStatus.Draft)));
        Assert.Equal(Sex.Male, await host.QueryAsync(db => db.Patients.Where(p => p.StudyId == "TA-00002").Select(p => p.Sex).SingleAsync()));
    }

    [Fact]
    public async Task GivenADeidentifiedExport_ThenItHasResearchIdsDaysAndAges_NoDatesOrStudyIds_AndCannotBeImported()
    {
        await using var host = await SmallRegistryAsync(DatabaseProvider.Sqlite);
        var first = Unzip(await ExportAsync(host, Admin, ExportFormat.Csv, deidentified: true));
        var second = Unzip(await ExportAsync(host, Admin, ExportFormat.Csv, deidentified: true));

        var patients = Lines(first["patients.csv"]);
        Assert.Equal("research_id,centre_code,sex,age_at_surgery,consent_status", patients[0]);
        Assert.All(first.Values.Select(Encoding.UTF8.GetString), text =>
        {
            Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", text);
            Assert.DoesNotMatch(@"C0\d-\d{5}", text);
        });
        Assert.StartsWith("research_id,operation_seq,status,operation_date_days,", Lines(first["operations.csv"])[0], StringComparison.Ordinal);
        Assert.All(Lines(first["operations.csv"]).Skip(1), l => Assert.Equal("0", l.Split(',')[3])); // one operation each: the index
        Assert.NotEqual(Lines(first["patients.csv"])[1].Split(',')[0], Lines(second["patients.csv"])[1].Split(',')[0]);

        var report = await host.SendAs<ImportReport>(Admin, new ImportRegistryCommand(first));
        Assert.Contains(report.Problems, p => p.Column == "research_id");
        Assert.False(report.Stored);
    }

    [Fact]
    public void GivenTheDataDictionary_ThenItHasRedcapsColumnsAndOneRowPerFieldWithTheDomainsChoicesAndRanges()
    {
        string[] redcap =
        [
            "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label", "Choices, Calculations, OR Slider Labels",
            "Field Note", "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max", "Identifier?",
            "Branching Logic (Show field only if...)", "Required Field?", "Custom Alignment", "Question Number (surveys only)",
            "Matrix Group Name", "Matrix Ranking?", "Field Annotation",
        ];
        var lines = Lines(DataDictionary.ToCsv());
        Assert.Equal(string.Join(',', redcap.Select(c => c.Contains(',') ? $"\"{c}\"" : c)), lines[0]);
        var rows = DataDictionary.Rows().ToDictionary(r => r[0]);
        Assert.Equal(rows.Count, lines.Length - 1);
        Assert.Equal("study_id", DataDictionary.Rows().First()[0]); // REDCap's record id first

        // Every property of every form's details is a field (nothing left out), and the forms are all there.
        Assert.Equal(["follow_up_event", "labs", "operation", "pathology", "patient"], rows.Values.Select(r => r[1]).Distinct().Order());
        foreach (var (form, details) in new (string, Type)[] { ("operation", typeof(OperationDetails)), ("pathology", typeof(PathologyDetails)), ("labs", typeof(LabPanelDetails)), ("follow_up_event", typeof(FollowUpEventDetails)) })
        {
            var file = TransferSchema.Forms.Single(f => f.FormName == form);
            Assert.Equal(
                details.GetProperties().Select(p => p.Name).Order(),
                file.Columns.Where(c => c.Property is not null).Select(c => c.Property!).Order());
        }

        // Choices are every value the domain allows, as code, label.
        void Choices<TEnum>(string field)
            where TEnum : struct, Enum
        {
            var codes = rows[field][5].Split(" | ").Select(c => int.Parse(c.Split(", ")[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enum.GetValues<TEnum>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)).Order(), codes.Order());
            Assert.Equal("radio", rows[field][3]);
        }

        Choices<Sex>("sex");
        Choices<ConsentStatus>("consent_status");
        Choices<OperationSetting>("setting");
        Choices<ResectionCompleteness>("resection");
        Choices<TumourOrigin>("tumour_origin");
        Choices<ClavienDindoGrade>("clavien_dindo");
        Choices<Histotype>("histotype");
        Choices<Necrosis>("necrosis");
        Choices<FnclccGrade>("reported_grade");
        Choices<MarginStatus>("margin_status");
        Choices<FollowUpEventType>("event_type");
        Choices<DiseaseStatus>("disease_status");
        Choices<MetastasisSite>("metastasis_site");
        Choices<CauseOfDeath>("cause_of_death");

        // Ranges are the field definitions' (Domain/Forms), and still the ones the forms had.
        static string Inv(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var diameter = RlmsRegistry.Domain.Forms.FormDefinitions.Operation["maxDiameterCm"].Hard!;
        Assert.Equal((Inv(diameter.Min), Inv(diameter.Max), "cm"), (rows["max_diameter_cm"][8], rows["max_diameter_cm"][9], rows["max_diameter_cm"][6]));
        foreach (var (column, field) in new[] { ("platelets", "plateletsE9PerL"), ("neutrophils", "neutrophilsE9PerL"), ("lymphocytes", "lymphocytesE9PerL") })
        {
            var hard = RlmsRegistry.Domain.Forms.FormDefinitions.Labs[field].Hard!;
            Assert.Equal((Inv(hard.Min), Inv(hard.Max)), (rows[column][8], rows[column][9]));
        }

        Assert.Equal(("1", "2000"), (rows["platelets"][8], rows["platelets"][9]));
        Assert.Equal(("0.01", "100"), (rows["neutrophils"][8], rows["neutrophils"][9]));
        Assert.Equal(("0.01", "100"), (rows["lymphocytes"][8], rows["lymphocytes"][9]));
        Assert.Equal(("date_ymd", "y"), (rows["operation_date"][7], rows["operation_date"][12]));
        Assert.Equal("calc", rows["nlr"][3]);
        Assert.Equal("[neutrophils] / [lymphocytes]", rows["nlr"][5]); // REDCap's calc over the dictionary's variables
        Assert.Contains("Neutrophils ÷ lymphocytes", rows["nlr"][6], StringComparison.Ordinal); // the formula in words
        Assert.Equal("calc", rows["fnclcc_grade"][3]);
        Assert.Equal("[event_type] = '4'", rows["cause_of_death"][11]);
    }

    /// <summary>
    /// Every field of every form definition (issue 8/) is one variable of the transfer, and everything the export says
    /// about it — the CSV header, the data dictionary's label, answers, unit, range, required and branching, the R /
    /// SPSS / Stata / SAS labels — is the definition's. The expected values are read from the definitions here, so a
    /// label or answer changed in <see cref="FormDefinitions"/> that the export did not follow fails this test.
    /// </summary>
    [Fact]
    public async Task GivenTheFieldDefinitions_ThenTheHeadersDictionaryAndSyntaxFilesCarryEachFieldsLabelAnswersUnitAndRange()
    {
        static string Inv(decimal? d) => d?.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        static List<(string Code, string Label)> Answers(FieldDefinition f) =>
            f.Choices.OrderBy(c => c.Code).Select(c => (c.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Label)).ToList();

        await using var host = await SmallRegistryAsync(DatabaseProvider.Sqlite);
        var export = Unzip(await ExportAsync(host, Admin, ExportFormat.All), everything: true);
        var dictionary = DataDictionary.Rows().ToList();
        var variables = dictionary.Select(r => r[0]).ToList();
        Assert.Equal(variables.Count, variables.Distinct().Count()); // REDCap: one name per variable in the project
        Assert.All(variables, v => Assert.Matches("^[a-z][a-z0-9_]*$", v));
        Assert.Equal(FormDefinitions.All.Sum(f => f.Fields.Count) + 2, dictionary.Count); // + study ID and centre
        var r = Encoding.UTF8.GetString(export["registry.R"]);
        var sps = Encoding.UTF8.GetString(export["registry.sps"]);
        var stata = Encoding.UTF8.GetString(export["registry.do"]);
        var sas = Encoding.UTF8.GetString(export["registry.sas"]);

        Assert.Equal(FormDefinitions.All.Select(f => f.Name), TransferSchema.Forms.Select(f => f.FormName));
        foreach (var form in FormDefinitions.All)
        {
            var file = TransferSchema.FileOf(form);

            // The CSV header: the keys, then one column per field in the form's order.
            var header = Lines(export[file.FileName])[0].Split(',');
            var keys = file.Columns.Count(c => c.Field is null);
            Assert.Equal(form.Fields.Select(f => TransferSchema.VariableName(form, f)), header.Skip(keys));

            foreach (var field in form.Fields)
            {
                var name = TransferSchema.VariableName(form, field);
                var where = $"{form.Name}.{field.Name} ({name})";
                var row = dictionary.Single(x => x[0] == name);
                Assert.True(form.Name == row[1], where);
                Assert.True(field.Label == row[4], $"{where}: label {row[4]}, definition {field.Label}");
                var type = field.Type switch
                {
                    FieldType.Choice => "radio", FieldType.YesNo => "yesno", FieldType.Calculated => "calc", _ => "text",
                };
                Assert.True(type == row[3], $"{where}: type {row[3]}");
                if (field.Type == FieldType.Choice)
                {
                    Assert.True(string.Join(" | ", Answers(field).Select(a => $"{a.Code}, {a.Label}")) == row[5], $"{where}: answers {row[5]}");
                }

                if (field.Type == FieldType.Calculated)
                {
                    Assert.Contains(field.Formula!, row[6], StringComparison.Ordinal);
                    foreach (System.Text.RegularExpressions.Match used in System.Text.RegularExpressions.Regex.Matches(row[5], @"\[([a-z0-9_]+)\]"))
                    {
                        Assert.Contains(used.Groups[1].Value, variables);
                    }
                }
                else
                {
                    Assert.True((field.Unit ?? string.Empty) == row[6], $"{where}: unit {row[6]}");
                }

                Assert.True(Inv(field.Hard?.Min) == row[8], $"{where}: min {row[8]}");
                Assert.True((field.Type == FieldType.Date && field.NotInFuture ? "today" : Inv(field.Hard?.Max)) == row[9], $"{where}: max {row[9]}");
                Assert.True((field.Requirement == Requirement.Optional ? string.Empty : "y") == row[12], $"{where}: required {row[12]}");
                Assert.True((field.AppliesWhen is null) == (row[11].Length == 0), $"{where}: branching {row[11]}");
                foreach (var condition in field.AppliesWhen?.AllOf ?? [])
                {
                    Assert.Contains($"[{TransferSchema.VariableName(form, form[condition.Field])}] = ", row[11], StringComparison.Ordinal);
                }

                // The syntax files label the variable with the definition's label (and unit) and its answers with theirs.
                var label = field.Unit is { } unit ? $"{field.Label} ({unit})" : field.Label;
                var rLine = r.Split('\n').Single(l => l.StartsWith($"{file.TableName}[[\"{name}\"]] <- ", StringComparison.Ordinal));
                Assert.EndsWith($", \"{label}\")", rLine, StringComparison.Ordinal);
                Assert.Contains($"label variable {name} `\"{label}\"'", stata, StringComparison.Ordinal);
                Assert.Contains($"{name} = '{label.Replace("'", "''", StringComparison.Ordinal)}'", sas, StringComparison.Ordinal);
                Assert.Contains($"  {name} '{label.Replace("'", "''", StringComparison.Ordinal)}'", sps, StringComparison.Ordinal);
                foreach (var (code, answer) in Answers(field))
                {
                    Assert.Contains($"\"{answer}\"", rLine, StringComparison.Ordinal);
                    Assert.Contains($"\"{code}\"", rLine, StringComparison.Ordinal);
                    Assert.Contains($"{code} '{answer.Replace("'", "''", StringComparison.Ordinal)}'", sps, StringComparison.Ordinal);
                    Assert.Contains($"{code} `\"{answer}\"'", stata, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task GivenAnExport_ThenRegistryRRunsWithRscriptPrintingRowCountsAndLabelledFactors_AndRegistrySpsRunsWithPspp()
    {
        var rscript = Tool("RLMS_TEST_RSCRIPT", "/usr/bin/Rscript");
        var pspp = Tool("RLMS_TEST_PSPP", "/usr/bin/pspp");
        if (rscript is null || pspp is null)
        {
            return; // a developer machine without R or PSPP (CI insists on both in Tool)
        }

        await using var host = await SmallRegistryAsync(DatabaseProvider.Sqlite);
        var dir = Directory.CreateTempSubdirectory("rlms-export-");
        try
        {
            await using (var zip = new ZipArchive(new MemoryStream(await ExportAsync(host, Admin, ExportFormat.All))))
            {
                await zip.ExtractToDirectoryAsync(dir.FullName);
            }

            var (rExit, rOut) = await RunAsync(rscript, "registry.R", dir.FullName);
            Assert.True(rExit == 0, rOut);
            var patients = Lines(await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "patients.csv"))).Length - 1;
            Assert.Contains($"patients: {patients} rows", rOut, StringComparison.Ordinal);
            Assert.Contains("operations: ", rOut, StringComparison.Ordinal);
            Assert.Contains("follow_up_events: ", rOut, StringComparison.Ordinal);
            Assert.Matches(@"\$ setting\s*: Factor w/ 2 levels ""Primary tumour""", rOut);
            Assert.Matches(@"\$ status\s*: Factor w/ 3 levels ""Draft"",""Complete""", rOut);

            var (spssExit, spssOut) = await RunAsync(pspp, "registry.sps", dir.FullName);
            Assert.True(spssExit == 0, spssOut);
            Assert.DoesNotContain("error", spssOut, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("warning", spssOut, StringComparison.OrdinalIgnoreCase);
            Assert.True(File.Exists(Path.Combine(dir.FullName, "operations.sav")));
            Assert.True(File.Exists(Path.Combine(dir.FullName, "follow_up_events.sav")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static string? Tool(string variable, string fallback)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? configured : fallback;
        if (File.Exists(path))
        {
            return path;
        }

        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"{variable} is required on CI (.ci/services.sh installs it)");
        return null;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string tool, string script, string folder)
    {
        var start = new ProcessStartInfo(tool, [script]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<RegistryTestHost> DemoRegistryAsync(DatabaseProvider provider)
    {
        var host = await RegistryTestHost.StartAsync(provider);
        await new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>()).WriteAsync(new SyntheticRegistryOptions(), SyntheticWriteMode.Bulk);
        return host;
    }

    private static async Task<RegistryTestHost> SmallRegistryAsync(DatabaseProvider provider, int centres = 1)
    {
        var host = await RegistryTestHost.StartAsync(provider);
        await new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>())
            .WriteAsync(new SyntheticRegistryOptions { Patients = 12, Centres = centres, Seed = 5 }, SyntheticWriteMode.Bulk);
        return host;
    }

    private static async Task<byte[]> ExportAsync(RegistryTestHost host, TestUser user, ExportFormat format, bool deidentified = false)
    {
        using var output = new MemoryStream();
        await host.SendAs<ExportManifest>(user, new ExportRegistryCommand(output) { Format = format, Deidentified = deidentified });
        return output.ToArray();
    }

    private static Dictionary<string, byte[]> Unzip(byte[] zip, bool everything = false)
    {
        if (!everything)
        {
            return ImportFiles.FromZip(new MemoryStream(zip));
        }

        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static string[] Lines(byte[] csv) => Encoding.UTF8.GetString(csv).TrimEnd('\n').Split('\n');

    private static byte[] Join(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static string SetCell(string line, int index, string value)
    {
        var cells = line.Split(',');
        cells[index] = value;
        return string.Join(',', cells);
    }
}

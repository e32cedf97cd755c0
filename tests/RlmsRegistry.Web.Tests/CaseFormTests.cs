using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>Issue 3 end to end over HTTP: the case report forms through the API and the pages, and the analysis dataset they feed.</summary>
public sealed class CaseFormTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    private const double DaysPerMonth = 30.4375;

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCompletePrimaryAndRecurrenceCasesThroughTheApi_ThenTheAnalysisDatasetHasTheirSurvivalTimes(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");

        // Primary case: operated 2018-01-15, died 2020-07-01.
        var primary = await RegisterAsync(app, api, "female", 1960);
        var op = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{primary.Id}/operations", Operation("2018-01-15", complete: true)));
        Assert.Equal("complete", op.GetProperty("status").GetString());
        Assert.Equal("R0", op.GetProperty("resection").GetString());
        Assert.Equal("T3", op.GetProperty("tCategory").GetString());
        var opId = op.GetProperty("id").GetString();
        var path = await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/pathology", Pathology(complete: true)));
        Assert.Equal(5, path.GetProperty("fnclccScore").GetInt32());
        Assert.Equal(2, path.GetProperty("fnclccGrade").GetInt32());
        Assert.Equal("lt50", path.GetProperty("necrosis").GetString());
        Assert.False(path.GetProperty("gradeConflict").GetBoolean());
        var labs = await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/labs", Labs("2018-01-08", complete: true)));
        Assert.Equal(3m, labs.GetProperty("nlr").GetDecimal());
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{primary.Id}/follow-up-events", new { date = "2019-01-15", type = "visit", diseaseStatus = "noEvidenceOfDisease", complete = true }));
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{primary.Id}/follow-up-events", new { date = "2020-07-01", type = "death", causeOfDeath = "disease", complete = true }));

        // Recurrence case: primary 2016-02-10, local recurrence 2017-08-20, operated for it 2017-09-05, alive 2019-09-05.
        var recurrent = await RegisterAsync(app, api, "male", 1955);
        var first = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrent.Id}/operations", Operation("2016-02-10", complete: true)));
        await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{first.GetProperty("id").GetString()}/pathology", Pathology(complete: true)));
        await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{first.GetProperty("id").GetString()}/labs", Labs("2016-02-01", complete: true)));
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrent.Id}/follow-up-events", new { date = "2017-08-20", type = "localRecurrence", complete = true }));
        var second = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrent.Id}/operations", Operation("2017-09-05", complete: true, setting: "recurrence", recurrenceNumber: 1)));
        await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{second.GetProperty("id").GetString()}/pathology", Pathology(complete: true)));
        await CreatedAsync(api.PutAsJsonAsync($"/api/v1/operations/{second.GetProperty("id").GetString()}/labs", Labs("2017-08-30", complete: true)));
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrent.Id}/follow-up-events", new { date = "2019-09-05", type = "visit", diseaseStatus = "aliveWithDisease", complete = true }));

        var investigator = await app.CreateApiClientAsync("investigator@demo.rlms");
        var primaryRow = await RowAsync(investigator, "primary", primary.StudyId);
        // 2018-01-15 → 2020-07-01: 365 + 365 + (16 + 29 + 31 + 30 + 31 + 30 + 1) = 898 days.
        Assert.Equal(898 / DaysPerMonth, primaryRow.GetProperty("osMonths").GetDouble(), 9);
        Assert.Equal(1, primaryRow.GetProperty("osEvent").GetInt32());
        Assert.Equal(2, primaryRow.GetProperty("fnclccGrade").GetInt32());
        Assert.Equal(3m, primaryRow.GetProperty("nlr").GetDecimal());
        Assert.Equal(58, primaryRow.GetProperty("ageAtSurgery").GetInt32());
        Assert.Equal("C01", primaryRow.GetProperty("centre").GetString());
        Assert.Equal("R0", primaryRow.GetProperty("resection").GetString());
        Assert.Equal(JsonValueKind.Null, primaryRow.GetProperty("dfiMonths").ValueKind);
        Assert.Equal(3, primaryRow.GetProperty("recurrenceStatus").GetInt32()); // died without a recurrence
        Assert.Equal(898 / DaysPerMonth, primaryRow.GetProperty("recurrenceMonths").GetDouble(), 9);

        var recurrentRow = await RowAsync(investigator, "recurrent", recurrent.StudyId);
        // 2017-09-05 → 2019-09-05: 365 + 365 = 730 days, alive (censored).
        Assert.Equal(730 / DaysPerMonth, recurrentRow.GetProperty("osMonths").GetDouble(), 9);
        Assert.Equal(0, recurrentRow.GetProperty("osEvent").GetInt32());
        // 2016-02-10 → 2017-08-20: 366 (leap year) + (18 + 31 + 30 + 31 + 30 + 31 + 20) = 557 days.
        Assert.Equal(557 / DaysPerMonth, recurrentRow.GetProperty("dfiMonths").GetDouble(), 9);
        Assert.Equal("recurrent", recurrentRow.GetProperty("cohort").GetString());
        Assert.Equal(0, recurrentRow.GetProperty("recurrenceStatus").GetInt32()); // no recurrence after the recurrence operation: censored
        Assert.Equal(730 / DaysPerMonth, recurrentRow.GetProperty("recurrenceMonths").GetDouble(), 9);
        var recurrentPrimaryRow = await RowAsync(investigator, "primary", recurrent.StudyId);
        Assert.Equal(1, recurrentPrimaryRow.GetProperty("recurrenceStatus").GetInt32()); // the local recurrence of 2017-08-20
        Assert.Equal(557 / DaysPerMonth, recurrentPrimaryRow.GetProperty("recurrenceMonths").GetDouble(), 9);

        var csv = await CsvAsync(investigator, "recurrent");
        Assert.StartsWith("studyId,centre,cohort,indexDate,ageAtSurgery,sex,maxDiameterCm,fnclccGrade,plateletsE9PerL,nlr,resection,multifocal,dfiMonths,osMonths,osEvent,recurrenceMonths,recurrenceStatus,localRecurrenceMonths,distantMetastasisMonths\n", csv, StringComparison.Ordinal);
        Assert.Contains($"{recurrent.StudyId},C01,recurrent,2017-09-05,62,male,", csv, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCompletePrimaryAndRecurrenceCasesThroughThePages_ThenTheTimelineAndTheAnalysisDatasetShowThem(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var browser = await app.SignInAsync("dm.c02@demo.rlms");

        // Primary case: operated 2019-03-04, died 2021-03-04.
        var primary = await RegisterAsync(app, api, "male", 1970, "C02");
        var newOperation = $"/Patients/{primary.Id}/Operations/New";
        var form = await browser.GetStringAsync(newOperation);
        Assert.Contains("autofocus", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"Form_MaxDiameterCm\">", form, StringComparison.Ordinal);
        Assert.Matches("id=\"Form_MaxDiameterCm\"[^>]*aria-required=\"true\"[^>]*type=\"text\" inputmode=\"decimal\"", form);
        Assert.Contains("<span class=\"unit\">cm</span>", form, StringComparison.Ordinal);
        Assert.Contains("type=\"date\"", form, StringComparison.Ordinal);
        var saved = await RegistryAppFactory.PostFormAsync(browser, newOperation, newOperation, OperationFields("2019-03-04", "Primary"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var opId = await SingleOperationIdAsync(api, primary.Id, "2019-03-04");
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, $"/Operations/{opId}/Pathology", $"/Operations/{opId}/Pathology", PathologyFields())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, $"/Operations/{opId}/Labs", $"/Operations/{opId}/Labs", LabFields("2019-02-25"))).StatusCode);
        var newEvent = $"/Patients/{primary.Id}/FollowUpEvents/New";
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, newEvent, newEvent, new() { ["Form.Date"] = "2020-03-04", ["Form.Type"] = "Visit", ["Form.DiseaseStatus"] = "NoEvidenceOfDisease", ["Form.Complete"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, newEvent, newEvent, new() { ["Form.Date"] = "2021-03-04", ["Form.Type"] = "Death", ["Form.CauseOfDeath"] = "Disease", ["Form.Complete"] = "true" })).StatusCode);

        // Recurrence case: primary operated outside on 2017-06-01, recurrence no. 1 operated 2019-06-10, alive 2020-06-10.
        var recurrent = await RegisterAsync(app, api, "female", 1949, "C02");
        var newRecurrence = $"/Patients/{recurrent.Id}/Operations/New";
        var recurrenceFields = OperationFields("2019-06-10", "Recurrence");
        recurrenceFields["Form.RecurrenceNumber"] = "1";
        recurrenceFields["Form.PrimaryOperatedOutside"] = "true";
        recurrenceFields["Form.OutsidePrimaryDate"] = "2017-06-01";
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, newRecurrence, newRecurrence, recurrenceFields)).StatusCode);
        var recId = await SingleOperationIdAsync(api, recurrent.Id, "2019-06-10");
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, $"/Operations/{recId}/Pathology", $"/Operations/{recId}/Pathology", PathologyFields())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, $"/Operations/{recId}/Labs", $"/Operations/{recId}/Labs", LabFields("2019-06-01"))).StatusCode);
        var recEvent = $"/Patients/{recurrent.Id}/FollowUpEvents/New";
        Assert.Equal(HttpStatusCode.Redirect, (await RegistryAppFactory.PostFormAsync(browser, recEvent, recEvent, new() { ["Form.Date"] = "2020-06-10", ["Form.Type"] = "Visit", ["Form.DiseaseStatus"] = "NoEvidenceOfDisease", ["Form.Complete"] = "true" })).StatusCode);

        var timeline = await browser.GetStringAsync($"/Patients/{primary.Id}");
        Assert.Contains("Primary operation", timeline, StringComparison.Ordinal);
        Assert.Contains("FNCLCC score 5 → grade G2", timeline, StringComparison.Ordinal);
        Assert.Contains("NLR 3", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("badge draft", timeline, StringComparison.Ordinal); // every form was completed as it was saved

        var admin = await app.CreateApiClientAsync("admin@demo.rlms");
        var primaryRow = await RowAsync(admin, "primary", primary.StudyId);
        // 2019-03-04 → 2021-03-04: 366 (29 February 2020) + 365 = 731 days, died.
        Assert.Equal(731 / DaysPerMonth, primaryRow.GetProperty("osMonths").GetDouble(), 9);
        Assert.Equal(1, primaryRow.GetProperty("osEvent").GetInt32());
        var recurrentRow = await RowAsync(admin, "recurrent", recurrent.StudyId);
        // 2019-06-10 → 2020-06-10: 366 days, alive.
        Assert.Equal(366 / DaysPerMonth, recurrentRow.GetProperty("osMonths").GetDouble(), 9);
        Assert.Equal(0, recurrentRow.GetProperty("osEvent").GetInt32());
        // Outside primary 2017-06-01 → recurrence operation no. 1 on 2019-06-10: 365 + 365 + 9 = 739 days.
        Assert.Equal(739 / DaysPerMonth, recurrentRow.GetProperty("dfiMonths").GetDouble(), 9);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenRejectedInputs_ThenEach400NamesTheField_AndNoFormTableChanges(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patient = await RegisterAsync(app, api, "female", 1962);
        var op = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/operations", Operation("2018-05-02", complete: false)));
        var opId = op.GetProperty("id").GetString();
        await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/follow-up-events", new { date = "2019-05-02", type = "death", causeOfDeath = "other" }));
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var recurrenceOnly = await RegisterAsync(app, api, "male", 1950);
        var before = await CountsAsync(app);

        await AssertRejectedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/follow-up-events", new { date = future, type = "visit" }), "date");
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/labs", Labs("2018-03-01", complete: false)), "drawDate");
        await AssertRejectedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/operations", Operation("2018-04-02", complete: false, diameter: 150m, setting: "recurrence", recurrenceNumber: 1)), "maxDiameterCm");
        await AssertRejectedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/follow-up-events", new { date = "2019-06-01", type = "visit", diseaseStatus = "aliveWithDisease" }), "date");
        await AssertRejectedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrenceOnly.Id}/operations", Operation("2018-04-02", complete: false, setting: "recurrence", recurrenceNumber: 1)), "primaryOperatedOutside");
        var incomplete = await AssertRejectedAsync(api.PostAsJsonAsync($"/api/v1/patients/{recurrenceOnly.Id}/operations", new { date = "2018-04-02", setting = "primary", resection = "R1", complete = true }), "maxDiameterCm");
        Assert.True(incomplete.TryGetProperty("asaScore", out _));
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}", new { date = "2018-05-02", setting = "primary", resection = "R3", version = op.GetProperty("version").GetInt32() }), "resection");
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/pathology", new { differentiationScore = 4, mitoticCountPer10Hpf = 3, necrosis = "none" }), "differentiationScore");
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/pathology", new { differentiationScore = 2, mitoticCountPer10Hpf = -1, necrosis = "none" }), "mitoticCountPer10Hpf");
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/pathology", new { differentiationScore = 2, mitoticCountPer10Hpf = 3, necrosis = "gt90" }), "necrosis");
        await AssertRejectedAsync(api.PutAsJsonAsync($"/api/v1/operations/{opId}/pathology", new { necrosis = "none", reportedGrade = 4 }), "reportedGrade");

        Assert.Equal(before, await CountsAsync(app));

        // The page shows the reason beside the field and keeps what was typed; nothing is saved either.
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var url = $"/Patients/{patient.Id}/Operations/New";
        var fields = OperationFields("2018-04-20", "Recurrence");
        fields["Form.RecurrenceNumber"] = "1";
        fields["Form.MaxDiameterCm"] = "0.2";
        var page = await RegistryAppFactory.PostFormAsync(browser, url, url, fields);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.MaxDiameterCm\"[^>]*>Maximum tumour diameter must be between 0.5 and 100 cm.</span>", html);
        Assert.Contains("value=\"0.2\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(app));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCompleteForm_WhenEditedWithoutReason_Then400NamesReason_AndWithReasonTheReasonIsOnTheTimeline(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patient = await RegisterAsync(app, api, "female", 1966);
        var op = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/operations", Operation("2019-09-09", complete: true)));
        var url = $"/api/v1/operations/{op.GetProperty("id").GetString()}";
        var version = op.GetProperty("version").GetInt32();

        await AssertRejectedAsync(api.PutAsJsonAsync(url, Operation("2019-09-09", complete: false, diameter: 12m, version: version)), "reason");
        var ok = await api.PutAsJsonAsync(url, Operation("2019-09-09", complete: false, diameter: 12m, version: version, reason: "Diameter corrected from the pathology report"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var timeline = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/patients/{patient.Id}/timeline"));
        var stored = timeline.RootElement.GetProperty("items")[0].GetProperty("operation").GetProperty("operation");
        Assert.Equal("Diameter corrected from the pathology report", stored.GetProperty("lastEditReason").GetString());
        Assert.Equal(12m, stored.GetProperty("maxDiameterCm").GetDecimal());
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        Assert.Contains("Diameter corrected from the pathology report", await browser.GetStringAsync($"/Patients/{patient.Id}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTwoClientsWithTheSameVersion_WhenBothPut_ThenOne200OneConflict_AndOneUpdateIsAudited(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var alice = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var bob = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patient = await RegisterAsync(app, alice, "male", 1959);
        var op = await CreatedAsync(alice.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/operations", Operation("2020-02-03", complete: false)));
        var id = op.GetProperty("id").GetString()!;
        var loadedByAlice = JsonDocument.Parse(await alice.GetStringAsync($"/api/v1/operations/{id}")).RootElement.GetProperty("version").GetInt32();
        var loadedByBob = JsonDocument.Parse(await bob.GetStringAsync($"/api/v1/operations/{id}")).RootElement.GetProperty("version").GetInt32();

        var first = await alice.PutAsJsonAsync($"/api/v1/operations/{id}", Operation("2020-02-03", complete: false, diameter: 11m, version: loadedByAlice));
        var second = await bob.PutAsJsonAsync($"/api/v1/operations/{id}", Operation("2020-02-03", complete: false, diameter: 13m, version: loadedByBob));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        var change = Assert.Single(problem.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("maxDiameterCm", change.GetProperty("field").GetString());
        Assert.Equal("13", change.GetProperty("yourValue").GetString());
        Assert.Equal("11", change.GetProperty("storedValue").GetString()?.TrimEnd('0').TrimEnd('.'));
        using var stored = JsonDocument.Parse(await alice.GetStringAsync($"/api/v1/operations/{id}"));
        Assert.Equal(11m, stored.RootElement.GetProperty("maxDiameterCm").GetDecimal());
        Assert.Equal(loadedByAlice + 1, stored.RootElement.GetProperty("version").GetInt32());
        var updates = await app.Services.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "Operation" && a.EntityKey == id && a.Action == "Update"));
        Assert.Equal(1, updates);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenMonitor_WhenLockingACompleteForm_ThenDataManagerEditIsRefusedUntilUnlocked_AndBothAreAudited(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var monitorEmail = await CreateUserAsync(app, Roles.Monitor, "C01");
        var monitor = await app.CreateApiClientAsync(monitorEmail);
        var patient = await RegisterAsync(app, dm, "female", 1961);
        var op = await CreatedAsync(dm.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/operations", Operation("2021-01-11", complete: true)));
        var id = op.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await dm.PostAsync($"/api/v1/forms/operation/{id}/lock", null)).StatusCode);
        var locked = await monitor.PostAsync($"/api/v1/forms/operation/{id}/lock", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var version = JsonDocument.Parse(await dm.GetStringAsync($"/api/v1/operations/{id}")).RootElement.GetProperty("version").GetInt32();
        var refused = await dm.PutAsJsonAsync($"/api/v1/operations/{id}", Operation("2021-01-11", complete: false, diameter: 16m, version: version, reason: "typo"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Contains("locked by a monitor", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Empty(problem.RootElement.GetProperty("changes").EnumerateArray());
        }

        // The monitor also sees the Lock/Unlock buttons on the timeline page.
        var monitorBrowser = await app.SignInAsync(monitorEmail);
        Assert.Contains($"/Forms/operation/{id}/Unlock", await monitorBrowser.GetStringAsync($"/Patients/{patient.Id}"), StringComparison.Ordinal);
        var unlocked = await RegistryAppFactory.PostFormAsync(monitorBrowser, $"/Patients/{patient.Id}", $"/Forms/operation/{id}/Unlock", new() { ["patientId"] = patient.Id });
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        version = JsonDocument.Parse(await dm.GetStringAsync($"/api/v1/operations/{id}")).RootElement.GetProperty("version").GetInt32();
        var accepted = await dm.PutAsJsonAsync($"/api/v1/operations/{id}", Operation("2021-01-11", complete: false, diameter: 16m, version: version, reason: "typo"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var audit = await app.Services.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "Operation" && a.EntityKey == id && a.Action == "Update").OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(audit, a => a.UserName == monitorEmail && a.Changes.Contains("\"Field\":\"IsLocked\",\"Old\":\"False\",\"New\":\"True\"", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.UserName == monitorEmail && a.Changes.Contains("\"Field\":\"IsLocked\",\"Old\":\"True\",\"New\":\"False\"", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.UserName == "dm.c01@demo.rlms" && a.Reason == "typo");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDemo_ThenEachCentreHasCompleteCases_AndTheDataQualityPageAndDictionaryAnswer(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.CreateApiClientAsync("admin@demo.rlms");
        using var dataset = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/analysis-dataset?cohort=primary"));
        var rows = dataset.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count(r => r.GetProperty("centre").GetString() == "C01") >= 4);
        Assert.True(rows.Count(r => r.GetProperty("centre").GetString() == "C02") >= 4);
        Assert.Contains(rows, r => r.GetProperty("osEvent").GetInt32() == 1);
        Assert.Equal(19, dataset.RootElement.GetProperty("dictionary").GetArrayLength()); // 15 + the recurrence endpoints (issue 13)
        Assert.Contains(rows, r => r.GetProperty("recurrenceStatus").GetInt32() == 1);
        Assert.Contains(rows, r => r.GetProperty("recurrenceStatus").GetInt32() == 2);
        using var dictionary = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/analysis-dataset/dictionary"));
        Assert.Contains(dictionary.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "osEvent");

        var dm = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        Assert.Equal(HttpStatusCode.Forbidden, (await dm.GetAsync("/api/v1/analysis-dataset?cohort=primary")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/analysis-dataset?cohort=sideways")).StatusCode);

        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var quality = await browser.GetStringAsync("/DataQuality");
        Assert.Contains("<a href=\"/DataQuality\">Data quality</a>", quality, StringComparison.Ordinal);
        Assert.Contains("reported grade G2 but the FNCLCC components give G1", quality, StringComparison.Ordinal);
        Assert.DoesNotContain(">C02<", quality.Split("<tbody>")[1], StringComparison.Ordinal);
    }

    private static object Operation(string date, bool complete, decimal diameter = 14.5m, string setting = "primary", int? recurrenceNumber = null, int? version = null, string? reason = null) => new
    {
        date,
        setting,
        recurrenceNumber,
        resection = "R0",
        maxDiameterCm = diameter,
        multifocal = false,
        organsResected = 2,
        vascularResection = "none",
        tumourOrigin = "retroperitonealSoftTissue",
        bloodLossMl = 600,
        transfused = false,
        clavienDindo = "II",
        asaScore = 2,
        neoadjuvantRadiotherapy = false,
        neoadjuvantChemotherapy = false,
        adjuvantRadiotherapy = false,
        adjuvantChemotherapy = true,
        version,
        reason,
        complete,
    };

    private static object Pathology(bool complete) => new
    {
        histotype = "conventionalLeiomyosarcoma", differentiationScore = 2, mitoticCountPer10Hpf = 15, necrosis = "lt50", reportedGrade = 2,
        marginStatus = "negative", ki67Percent = 20, complete,
    };

    private static object Labs(string drawDate, bool complete) => new
    {
        drawDate, plateletsE9PerL = 250, neutrophilsE9PerL = 4.5, lymphocytesE9PerL = 1.5, haemoglobinGPerL = 121, albuminGPerL = 40, complete,
    };

    private static Dictionary<string, string> OperationFields(string date, string setting) => new()
    {
        ["Form.Date"] = date, ["Form.Setting"] = setting, ["Form.Resection"] = "R0", ["Form.MaxDiameterCm"] = "12.5",
        ["Form.Multifocal"] = "false", ["Form.OrgansResected"] = "1", ["Form.VascularResection"] = "None",
        ["Form.TumourOrigin"] = "RetroperitonealSoftTissue", ["Form.BloodLossMl"] = "400", ["Form.Transfused"] = "false",
        ["Form.ClavienDindo"] = "I", ["Form.AsaScore"] = "2", ["Form.NeoadjuvantRadiotherapy"] = "false",
        ["Form.NeoadjuvantChemotherapy"] = "false", ["Form.AdjuvantRadiotherapy"] = "false", ["Form.AdjuvantChemotherapy"] = "false",
        ["Form.Complete"] = "true",
    };

    private static Dictionary<string, string> PathologyFields() => new()
    {
        ["Form.Histotype"] = "ConventionalLeiomyosarcoma", ["Form.DifferentiationScore"] = "2", ["Form.MitoticCountPer10Hpf"] = "12",
        ["Form.Necrosis"] = "LessThan50", ["Form.ReportedGrade"] = "2", ["Form.MarginStatus"] = "Negative", ["Form.Complete"] = "true",
    };

    private static Dictionary<string, string> LabFields(string drawDate) => new()
    {
        ["Form.DrawDate"] = drawDate, ["Form.PlateletsE9PerL"] = "240", ["Form.NeutrophilsE9PerL"] = "4.5",
        ["Form.LymphocytesE9PerL"] = "1.5", ["Form.Complete"] = "true",
    };

    private sealed record PatientRef(string Id, string StudyId);

    private static async Task<PatientRef> RegisterAsync(RegistryAppFactory app, HttpClient api, string sex, int birthYear, string centre = "C01")
    {
        var created = await CreatedAsync(api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync(centre), sex, birthYear, consentStatus = "given" }));
        return new PatientRef(created.GetProperty("id").GetString()!, created.GetProperty("studyId").GetString()!);
    }

    private static async Task<JsonElement> CreatedAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a 400 ProblemDetails naming <paramref name="field"/>; returns its errors.</summary>
    private static async Task<JsonElement> AssertRejectedAsync(Task<HttpResponseMessage> send, string field)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").Clone();
        Assert.True(errors.TryGetProperty(field, out _), $"{field} not in {body}");
        return errors;
    }

    private static async Task<JsonElement> RowAsync(HttpClient api, string cohort, string studyId)
    {
        using var dataset = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/analysis-dataset?cohort={cohort}"));
        return dataset.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("studyId").GetString() == studyId).Clone();
    }

    private static async Task<string> CsvAsync(HttpClient api, string cohort)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analysis-dataset?cohort={cohort}");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await api.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> SingleOperationIdAsync(HttpClient api, string patientId, string date)
    {
        using var timeline = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/patients/{patientId}/timeline"));
        return timeline.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("operation").ValueKind == JsonValueKind.Object)
            .Select(i => i.GetProperty("operation").GetProperty("operation"))
            .Single(o => o.GetProperty("date").GetString() == date)
            .GetProperty("id").GetString()!;
    }

    /// <summary>Rows of every form table (and patients): a refused request must leave them all as they were.</summary>
    private static Task<string> CountsAsync(RegistryAppFactory app) => app.Services.QueryAsync(async db =>
        $"{await db.Patients.CountAsync()}/{await db.Operations.CountAsync()}/{await db.PathologyReports.CountAsync()}/{await db.LabPanels.CountAsync()}/{await db.FollowUpEvents.CountAsync()}");

    private static async Task<string> CreateUserAsync(RegistryAppFactory app, string role, string centreCode)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.rlms";
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var user = new ApplicationUser(email) { EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, DemoSeeder.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        var centre = await db.Centres.SingleAsync(c => c.Code == centreCode);
        db.UserCentres.Add(new UserCentre { UserId = user.Id, CentreId = centre.Id });
        await db.SaveChangesAsync();
        return email;
    }
}

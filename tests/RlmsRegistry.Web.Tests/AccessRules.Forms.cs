using System.Net.Http.Json;
using System.Text.Json;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to the case report forms (issue 3/4): data managers edit, monitors read and lock, all in their centres.</summary>
internal static partial class AccessRules
{
    private static AccessRule MonitorScoped => new([Roles.Monitor], CentreScoped: true);
    private static AccessRule DatasetReaders => new([Roles.Admin, Roles.Investigator]);

    private static readonly Dictionary<string, AccessRule> FormsRules = new(StringComparer.Ordinal)
    {
        ["GET /DataQuality"] = RecordReadersList,
        ["GET /api/v1/data-quality"] = RecordReadersList,
        ["GET /Patients/{patientId:guid}/Operations/New"] = DataEntryScoped,
        ["POST /Patients/{patientId:guid}/Operations/New"] = DataEntryScoped,
        ["GET /Patients/{patientId:guid}/FollowUpEvents/New"] = DataEntryScoped,
        ["POST /Patients/{patientId:guid}/FollowUpEvents/New"] = DataEntryScoped,
        ["GET /Operations/{id:guid}/Edit"] = DataEntryScoped,
        ["POST /Operations/{id:guid}/Edit"] = DataEntryScoped,
        ["GET /Operations/{id:guid}/Pathology"] = DataEntryScoped,
        ["POST /Operations/{id:guid}/Pathology"] = DataEntryScoped,
        ["GET /Operations/{id:guid}/Labs"] = DataEntryScoped,
        ["POST /Operations/{id:guid}/Labs"] = DataEntryScoped,
        ["GET /FollowUpEvents/{id:guid}/Edit"] = DataEntryScoped,
        ["POST /FollowUpEvents/{id:guid}/Edit"] = DataEntryScoped,
        ["POST /FollowUpEvents/{id:guid}/Delete"] = DataEntryScoped,
        ["POST /Forms/{kind}/{id:guid}/Complete"] = DataEntryScoped,
        ["POST /Forms/{kind}/{id:guid}/Lock"] = MonitorScoped,
        ["POST /Forms/{kind}/{id:guid}/Unlock"] = MonitorScoped,

        ["GET /api/v1/patients/{id:guid}/timeline"] = RecordReaders,
        ["POST /api/v1/patients/{patientId:guid}/operations"] = DataEntryScoped,
        ["GET /api/v1/operations/{id:guid}"] = RecordReaders,
        ["PUT /api/v1/operations/{id:guid}"] = DataEntryScoped,
        ["GET /api/v1/operations/{id:guid}/pathology"] = RecordReaders,
        ["PUT /api/v1/operations/{id:guid}/pathology"] = DataEntryScoped,
        ["GET /api/v1/operations/{id:guid}/labs"] = RecordReaders,
        ["PUT /api/v1/operations/{id:guid}/labs"] = DataEntryScoped,
        ["POST /api/v1/patients/{patientId:guid}/follow-up-events"] = DataEntryScoped,
        ["GET /api/v1/follow-up-events/{id:guid}"] = RecordReaders,
        ["PUT /api/v1/follow-up-events/{id:guid}"] = DataEntryScoped,
        ["DELETE /api/v1/follow-up-events/{id:guid}"] = DataEntryScoped,
        ["POST /api/v1/forms/{kind}/{id:guid}/complete"] = DataEntryScoped,
        ["POST /api/v1/forms/{kind}/{id:guid}/lock"] = MonitorScoped,
        ["POST /api/v1/forms/{kind}/{id:guid}/unlock"] = MonitorScoped,

        ["GET /api/v1/analysis-dataset"] = DatasetReaders,
        ["GET /api/v1/analysis-dataset/dictionary"] = DatasetReaders,
    };
}

public sealed partial class AuthorizationMatrixTests
{
    internal sealed partial class MatrixWorld
    {
        private static readonly (string, Func<MatrixWorld, string, Task<Guid>>)[] FormsResolvers =
        [
            ("/api/v1/operations/", (w, centre) => w.OperationAsync(centre)),
            ("/Operations/", (w, centre) => w.OperationAsync(centre)),
            ("/api/v1/forms/operation/", (w, centre) => w.OperationAsync(centre)),
            ("/Forms/operation/", (w, centre) => w.OperationAsync(centre)),
            ("/api/v1/follow-up-events/", (w, centre) => w.NewFollowUpEventAsync(centre)),
            ("/FollowUpEvents/", (w, centre) => w.NewFollowUpEventAsync(centre)),
        ];

        private readonly Dictionary<string, Guid> _operations = [];

        private static string DataManagerOf(string centre) => centre == "C01" ? "dm.c01@demo.rlms" : "dm.c02@demo.rlms";

        /// <summary>An operation of the centre's patient, with its pathology report and lab panel.</summary>
        private async Task<Guid> OperationAsync(string centre)
        {
            if (_operations.TryGetValue(centre, out var id))
            {
                return id;
            }

            var dm = await App.CreateApiClientAsync(DataManagerOf(centre));
            var created = await dm.PostAsJsonAsync($"/api/v1/patients/{Patient(centre)}/operations", new
            {
                date = "2020-03-02", setting = "primary", resection = "R0", maxDiameterCm = 12.5, multifocal = false,
            });
            created.EnsureSuccessStatusCode();
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await dm.PutAsJsonAsync($"/api/v1/operations/{id}/pathology", new { differentiationScore = 2, mitoticCountPer10Hpf = 12, necrosis = "lt50" })).EnsureSuccessStatusCode();
            (await dm.PutAsJsonAsync($"/api/v1/operations/{id}/labs", new { drawDate = "2020-02-25", plateletsE9PerL = 250, neutrophilsE9PerL = 4.2, lymphocytesE9PerL = 1.4 })).EnsureSuccessStatusCode();
            _operations[centre] = id;
            return id;
        }

        /// <summary>A fresh follow-up event (requests may delete it).</summary>
        private async Task<Guid> NewFollowUpEventAsync(string centre)
        {
            await OperationAsync(centre);
            var dm = await App.CreateApiClientAsync(DataManagerOf(centre));
            var created = await dm.PostAsJsonAsync($"/api/v1/patients/{Patient(centre)}/follow-up-events", new { date = "2021-01-05", type = "visit", diseaseStatus = "noEvidenceOfDisease" });
            created.EnsureSuccessStatusCode();
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to monitoring (issue 11): data queries, source-data verification, worklists, follow-up due.</summary>
internal static partial class AccessRules
{
    private static AccessRule QueryOpeners => new([Roles.Admin, Roles.Monitor]);
    private static AccessRule QueryMonitorsScoped => new([Roles.Admin, Roles.Monitor], CentreScoped: true);

    private static readonly Dictionary<string, AccessRule> MonitoringRules = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/queries"] = QueryOpeners,
        ["GET /api/v1/queries"] = RecordReadersList,
        ["GET /api/v1/queries/{id:guid}"] = RecordReaders,
        ["POST /api/v1/queries/{id:guid}/answer"] = DataEntryScoped,
        ["POST /api/v1/queries/{id:guid}/close"] = QueryMonitorsScoped,
        ["POST /api/v1/queries/{id:guid}/reopen"] = QueryMonitorsScoped,
        ["POST /api/v1/forms/{kind}/{id:guid}/verify"] = MonitorScoped,
        ["POST /api/v1/forms/{kind}/{id:guid}/unverify"] = MonitorScoped,
        ["GET /api/v1/monitoring"] = RecordReadersList,
        ["GET /api/v1/follow-up-due"] = RecordReadersList,

        ["GET /Queries"] = RecordReadersList,
        ["POST /Queries/Open"] = QueryOpeners,
        ["POST /Queries/{id:guid}/Answer"] = DataEntryScoped,
        ["POST /Queries/{id:guid}/Close"] = QueryMonitorsScoped,
        ["POST /Queries/{id:guid}/Reopen"] = QueryMonitorsScoped,
        ["GET /FollowUpDue"] = RecordReadersList,
        ["GET /FollowUpDue/Csv"] = RecordReadersList,
        ["POST /Forms/{kind}/{id:guid}/Verify"] = MonitorScoped,
        ["POST /Forms/{kind}/{id:guid}/Unverify"] = MonitorScoped,
    };
}

public sealed partial class AuthorizationMatrixTests
{
    internal sealed partial class MatrixWorld
    {
        private static readonly (string, Func<MatrixWorld, string, Task<Guid>>)[] MonitoringResolvers =
        [
            ("/api/v1/queries/", (w, centre) => w.DataQueryAsync(centre)),
            ("/Queries/", (w, centre) => w.DataQueryAsync(centre)),
        ];

        private readonly Dictionary<string, Guid> _queries = [];

        /// <summary>A data query on the centre's operation, opened by the admin (the demo has no monitor of C02).</summary>
        private async Task<Guid> DataQueryAsync(string centre)
        {
            if (_queries.TryGetValue(centre, out var id))
            {
                return id;
            }

            var operation = await OperationAsync(centre);
            var admin = await App.CreateApiClientAsync("admin@demo.rlms");
            var created = await admin.PostAsJsonAsync("/api/v1/queries", new { formKind = "operation", formId = operation, field = "maxDiameterCm", text = "Is this 12.5 cm?" });
            created.EnsureSuccessStatusCode();
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            _queries[centre] = id;
            return id;
        }
    }
}

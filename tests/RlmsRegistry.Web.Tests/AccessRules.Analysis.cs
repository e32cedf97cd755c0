using System.Net.Http.Json;
using System.Text.Json;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to the reanalysis (issue 6): admins refit; admins and investigators read snapshots.</summary>
internal static partial class AccessRules
{
    private static AccessRule SnapshotReaders => new([Roles.Admin, Roles.Investigator]);

    private static readonly Dictionary<string, AccessRule> AnalysisRules = new(StringComparer.Ordinal)
    {
        ["GET /Analysis"] = AdminOnly,
        ["POST /Analysis/Refit"] = AdminOnly,
        ["POST /api/v1/analysis/refits"] = AdminOnly,
        ["GET /api/v1/analysis/refits/{id:guid}"] = AdminOnly,
        ["GET /api/v1/analysis/snapshots"] = SnapshotReaders,
        ["GET /api/v1/analysis/snapshots/latest"] = SnapshotReaders,
        ["GET /api/v1/analysis/snapshots/{id:guid}"] = SnapshotReaders,
        ["GET /api/v1/analysis/snapshots/{id:guid}/bundle"] = SnapshotReaders,
    };
}

public sealed partial class AuthorizationMatrixTests
{
    internal sealed partial class MatrixWorld
    {
        private static readonly (string, Func<MatrixWorld, string, Task<Guid>>)[] AnalysisResolvers =
        [
            ("/api/v1/analysis/snapshots/", (w, _) => w.LatestSnapshotAsync()),
            ("/api/v1/analysis/refits/", (w, _) => w.RefitRunAsync()),
        ];

        private Guid? _run;

        private async Task<Guid> LatestSnapshotAsync()
        {
            var admin = await App.CreateApiClientAsync("admin@demo.rlms");
            return (await admin.GetFromJsonAsync<JsonElement>("/api/v1/analysis/snapshots/latest")).GetProperty("snapshot").GetProperty("id").GetGuid();
        }

        private async Task<Guid> RefitRunAsync()
        {
            if (_run is { } id)
            {
                return id;
            }

            var admin = await App.CreateApiClientAsync("admin@demo.rlms");
            var accepted = await admin.PostAsync("/api/v1/analysis/refits", null);
            _run = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            return _run.Value;
        }
    }
}

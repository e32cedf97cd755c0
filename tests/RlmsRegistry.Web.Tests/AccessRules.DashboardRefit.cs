using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Refit and bundle from the dashboards (issue 18): admins refit and poll; admins and investigators download bundles.</summary>
internal static partial class AccessRules
{
    private static readonly Dictionary<string, AccessRule> DashboardRefitRules = new(StringComparer.Ordinal)
    {
        ["POST /Dashboards/Refit"] = AdminOnly,
        ["GET /Dashboards/Refit/{id:guid}"] = AdminOnly,
        ["GET /Dashboards/Snapshots/{id:guid}/Bundle"] = SnapshotReaders,
    };
}

public sealed partial class AuthorizationMatrixTests
{
    internal sealed partial class MatrixWorld
    {
        private static readonly (string, Func<MatrixWorld, string, Task<Guid>>)[] DashboardRefitResolvers =
        [
            ("/Dashboards/Snapshots/", (w, _) => w.LatestSnapshotAsync()),
            ("/Dashboards/Refit/", (w, _) => w.RefitRunAsync()),
        ];
    }
}

using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to the risk calculator and the validation by centre (issue 14): as the dashboards.</summary>
internal static partial class AccessRules
{
    private static readonly Dictionary<string, AccessRule> PredictionRules = new(StringComparer.Ordinal)
    {
        ["GET /Dashboards/Cohort/{cohort}/Calculator"] = new([Roles.Admin, Roles.Investigator]),
        ["GET /api/v1/dashboards/{cohort}/prediction"] = new([Roles.Admin, Roles.Investigator]),
        ["GET /api/v1/dashboards/cohorts/{cohort}/validation"] = new([Roles.Admin, Roles.Investigator]),
    };
}

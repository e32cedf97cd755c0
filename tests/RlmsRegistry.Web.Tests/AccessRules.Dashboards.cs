using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to the dashboards (issue 7): investigators and admins, pages by cookie and the JSON by bearer token.</summary>
internal static partial class AccessRules
{
    private static AccessRule DashboardReaders => new([Roles.Admin, Roles.Investigator]);

    private static readonly Dictionary<string, AccessRule> DashboardsRules = new(StringComparer.Ordinal)
    {
        ["GET /Dashboards"] = DashboardReaders,
        ["GET /Dashboards/Cohort/{cohort}"] = DashboardReaders,
        ["GET /Dashboards/Cohort/{cohort}/Km"] = DashboardReaders,
        ["GET /Dashboards/Cohort/{cohort}/Cif"] = DashboardReaders,
        ["GET /Dashboards/Paper"] = DashboardReaders,
        ["GET /Dashboards/History"] = DashboardReaders,

        ["GET /api/v1/dashboards/overview"] = DashboardReaders,
        ["GET /api/v1/dashboards/cohorts/{cohort}"] = DashboardReaders,
        ["GET /api/v1/dashboards/cohorts/{cohort}/km"] = DashboardReaders,
        ["GET /api/v1/dashboards/cohorts/{cohort}/models"] = DashboardReaders,
        ["GET /api/v1/dashboards/paper"] = DashboardReaders,
        ["GET /api/v1/dashboards/history"] = DashboardReaders,
    };
}

using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Tests;

/// <summary>Access to imports and exports (issue 12): admins and data managers (their own centres); the dictionary: anyone signed in.</summary>
internal static partial class AccessRules
{
    private static AccessRule Transfer => new([Roles.Admin, Roles.DataManager]);

    private static readonly Dictionary<string, AccessRule> TransferRules = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/exports/registry"] = Transfer,
        ["GET /api/v1/data-dictionary"] = AnySignedIn,
        ["POST /api/v1/imports"] = Transfer,
        ["GET /Transfer"] = Transfer,
        ["GET /Transfer/Export"] = Transfer,
        ["GET /Transfer/DataDictionary"] = Transfer,
        ["POST /Transfer/Import"] = Transfer,
        ["POST /Transfer/Commit"] = Transfer,
    };
}

namespace RlmsRegistry.Application.Common.Security;

/// <summary>The registry's roles. A user may hold several.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string DataManager = "DataManager";
    public const string Monitor = "Monitor";
    public const string Investigator = "Investigator";

    public static readonly IReadOnlyList<string> All = [Admin, DataManager, Monitor, Investigator];
}

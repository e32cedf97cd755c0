namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>Why a run was started.</summary>
public static class RefitTriggers
{
    public const string Manual = "manual";
    public const string Schedule = "schedule";
}

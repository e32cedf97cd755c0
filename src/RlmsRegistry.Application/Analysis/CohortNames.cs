using RlmsRegistry.Domain.Analysis;

namespace RlmsRegistry.Application.Analysis;

public static class CohortNames
{
    /// <summary>The cohort's name in snapshots, the analysis dataset and URLs: "primary" or "recurrent".</summary>
    public static string Name(this Cohort cohort) => cohort == Cohort.Primary ? "primary" : "recurrent";
}

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// The figures of the study the registry is built around, as printed (Lu X, Zhuang A, … Chen R. Am J Surg
/// 2025;250:116647, doi 10.1016/j.amjsurg.2025.116647; docs: /work/shared/guide/DOMAIN.md), for the "paper vs registry" page.
/// </summary>
public static class PublishedStudy
{
    public const string Citation = "Lu X, Zhuang A, … Chen R. Am J Surg 2025;250:116647 (doi 10.1016/j.amjsurg.2025.116647)";

    public const string AllPatients = "227";

    public const string AllMedianFollowUp = "43 (21–83)";

    public static readonly PublishedCohort Primary = new("primary", "127", "78 (61.4 %)", "42 (21–95)", "62",
        ["maxDiameterCm", "fnclccGrade", "plateletsE9PerL", "nlr"]);

    public static readonly PublishedCohort Recurrent = new("recurrent", "100", "33 (33 %)", "40 (24–73)", "33", ["nlr", "dfiMonths"]);
}

/// <summary>One cohort of the paper; factors are the registry's factor keys of the paper's independent OS factors.</summary>
public sealed record PublishedCohort(string Cohort, string Patients, string Censored, string MedianFollowUp, string MedianOs, IReadOnlyList<string> IndependentFactors);

namespace RlmsRegistry.Application.Dashboards;

/// <summary>
/// The figures of the study the registry is built around, as printed (Lu X, Zhuang A, … Chen R. Am J Surg
/// 2025;250:116647, doi 10.1016/j.amjsurg.2025.116647; docs: /work/shared/guide/DOMAIN.md), for the "paper vs registry" page.
/// </summary>
public static class PublishedStudy
{
    public const string Citation = "Lu X, Zhuang A, … Chen R. Am J Surg 2025;250:116647 (doi 10.1016/j.amjsurg.2025.116647)";

    public static readonly string AllPatients = (Analysis.PublishedStudy.Primary.Patients + Analysis.PublishedStudy.Recurrent.Patients).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string AllMedianFollowUp = "43 (21–83)";

    /// <summary>The cohorts' published figures as the paper prints them, formatted from <see cref="Analysis.PublishedStudy"/> (one source of the numbers).</summary>
    public static readonly PublishedCohort Primary = From("primary", Analysis.PublishedStudy.Primary);

    public static readonly PublishedCohort Recurrent = From("recurrent", Analysis.PublishedStudy.Recurrent);

    private static PublishedCohort From(string cohort, Analysis.PublishedCohortFigures f) => new(
        cohort,
        f.Patients.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Censored} ({f.CensoredPercent:0.#} %)"),
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.MedianFollowUpMonths:0} ({f.FollowUpQ25Months:0}–{f.FollowUpQ75Months:0})"),
        f.MedianOsMonths.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        f.IndependentFactors);
}

/// <summary>One cohort of the paper; factors are the registry's factor keys of the paper's independent OS factors.</summary>
public sealed record PublishedCohort(string Cohort, string Patients, string Censored, string MedianFollowUp, string MedianOs, IReadOnlyList<string> IndependentFactors);

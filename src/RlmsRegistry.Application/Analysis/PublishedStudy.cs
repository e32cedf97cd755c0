namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The published figures the registry is built around: Lu X, Zhuang A, … Chen R. The prognosis factors landscape of
/// surgical management of retroperitoneal leiomyosarcoma: a retrospective multicenter study. Am J Surg 2025;250:116647
/// (2 centres, surgery Jan 2002 – Dec 2022). Months; factors by their analysis-dataset keys.
/// </summary>
public static class PublishedStudy
{
    public const string Citation = "Lu X, Zhuang A, … Chen R. Am J Surg 2025;250:116647, doi 10.1016/j.amjsurg.2025.116647";

    public static readonly PublishedCohortFigures Primary = new(
        127, 78, 61.4, 62, 42, 21, 95, [AnalysisFactors.Diameter.Key, AnalysisFactors.Grade.Key, AnalysisFactors.Platelets.Key, AnalysisFactors.Nlr.Key]);

    public static readonly PublishedCohortFigures Recurrent = new(
        100, 33, 33.0, 33, 40, 24, 73, [AnalysisFactors.Nlr.Key, AnalysisFactors.Dfi.Key]);
}

/// <summary>One cohort as published: counts, censoring, median OS, median follow-up (IQR) and the independent OS factors.</summary>
public sealed record PublishedCohortFigures(
    int Patients,
    int Censored,
    double CensoredPercent,
    double MedianOsMonths,
    double MedianFollowUpMonths,
    double FollowUpQ25Months,
    double FollowUpQ75Months,
    IReadOnlyList<string> IndependentFactors);

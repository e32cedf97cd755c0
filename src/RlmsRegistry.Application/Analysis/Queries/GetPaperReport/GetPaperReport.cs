using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Analysis.Queries.GetPaperReport;

/// <summary>
/// The paper-reproduction report (Admin, Investigator): the published figures of Lu et al. 2025 side by side with the
/// registry's own, computed by <see cref="CohortAnalyzer"/> on the analysis dataset (all centres, withdrawn consent
/// excluded) — cohort sizes, censoring, median OS with 95% CI, median follow-up (reverse Kaplan–Meier) with IQR, and the
/// factors that stay independent in the multivariable Cox model chosen as the paper did (univariable LR p &lt; 0.05).
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetPaperReportQuery : IQuery<PaperReportDto>;

/// <param name="Synthetic">True when the registry's centres are labelled synthetic (the demo / generated registry).</param>
/// <param name="Label">What the registry figures are: says SYNTHETIC when they come from generated data.</param>
/// <param name="DatasetFingerprint">SHA-256 of the analysis dataset (<see cref="AnalysisFingerprint"/>).</param>
public sealed record PaperReportDto(
    string Citation,
    bool Synthetic,
    string Label,
    DateTimeOffset GeneratedAt,
    string DatasetFingerprint,
    IReadOnlyList<PaperCohortDto> Cohorts);

/// <summary>One cohort: published and registry figures, and each candidate factor's standing in both.</summary>
public sealed record PaperCohortDto(string Cohort, PublishedCohortFigures Published, RegistryCohortFiguresDto Registry, IReadOnlyList<PaperFactorDto> Factors);

/// <param name="IndependentFactors">Factors with at least one multivariable term at p &lt; 0.05 (for grade: G2 or G3 against G1).</param>
public sealed record RegistryCohortFiguresDto(
    int Patients,
    int Events,
    int Censored,
    double CensoredPercent,
    Estimate? MedianOs,
    FollowUpSummary? MedianFollowUp,
    IReadOnlyList<string> SelectedFactors,
    IReadOnlyList<string> IndependentFactors,
    CoxModelResult? Multivariable,
    IReadOnlyList<string> Warnings);

/// <param name="UnivariableP">Likelihood-ratio p of the univariable model (null when it could not be fitted).</param>
/// <param name="Terms">The factor's terms in the multivariable model (empty when not selected).</param>
public sealed record PaperFactorDto(
    string Factor,
    string Label,
    bool PublishedIndependent,
    bool RegistryIndependent,
    double? UnivariableP,
    IReadOnlyList<CoxTermResult> Terms);

public sealed class GetPaperReportHandler(IAnalysisDatasetSource source, IRegistryDbContext db, IClock clock, Microsoft.Extensions.Options.IOptions<AnalysisSettings> settings) : IQueryHandler<GetPaperReportQuery, PaperReportDto>
{
    public async ValueTask<PaperReportDto> Handle(GetPaperReportQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<AnalysisRow>();
        await foreach (var (patient, centreCode) in source.PatientsAsync(cancellationToken))
        {
            rows.AddRange(AnalysisInclusion.Rows(patient, centreCode, settings.Value).Rows);
        }

        var centreNames = await db.Centres.IgnoreQueryFilters().AsNoTracking().Select(c => c.Name).ToListAsync(cancellationToken);
        var synthetic = centreNames.Count > 0 && centreNames.All(n => n.Contains("synthetic", StringComparison.OrdinalIgnoreCase));
        return PaperReport.Build(rows, synthetic, clock.UtcNow);
    }
}

/// <summary>Builds the report from analysis rows (pure; the query reads the rows).</summary>
public static class PaperReport
{
    public const double IndependenceP = 0.05;

    public static PaperReportDto Build(IReadOnlyList<AnalysisRow> rows, bool synthetic, DateTimeOffset generatedAt)
    {
        var results = CohortAnalyzer.Analyze(rows, new AnalysisSettings());
        var cohorts = new List<PaperCohortDto>();
        foreach (var cohort in new[] { Cohort.Primary, Cohort.Recurrent })
        {
            var published = cohort == Cohort.Primary ? PublishedStudy.Primary : PublishedStudy.Recurrent;
            var r = results.Cohorts[cohort == Cohort.Primary ? 0 : 1];
            var independent = IndependentFactors(r.Multivariable);
            var factors = AnalysisFactors.Candidates(cohort).Select(f => new PaperFactorDto(
                f.Key,
                f.Label,
                published.IndependentFactors.Contains(f.Key),
                independent.Contains(f.Key),
                r.Univariable.FirstOrDefault(u => u.Factors[0] == f.Key)?.LikelihoodRatioTest.P,
                r.Multivariable?.Terms.Where(t => t.Factor == f.Key).ToList() ?? [])).ToList();
            cohorts.Add(new PaperCohortDto(
                r.Cohort,
                published,
                new RegistryCohortFiguresDto(
                    r.Patients, r.Events, r.Censored, Math.Round(100 * r.CensoredShare, 1), r.MedianOs, r.MedianFollowUp,
                    r.SelectedFactors, independent, r.Multivariable, r.Warnings),
                factors));
        }

        var label = synthetic
            ? "SYNTHETIC REGISTRY: generated data modelled on the published cohort, not patients"
            : "Registry data";
        return new PaperReportDto(PublishedStudy.Citation, synthetic, label, generatedAt, AnalysisFingerprint.Compute(rows), cohorts);
    }

    /// <summary>Factors with at least one term at p &lt; <see cref="IndependenceP"/> in the multivariable model, in the model's order.</summary>
    public static IReadOnlyList<string> IndependentFactors(CoxModelResult? model) =>
        model is null ? [] : model.Terms.Where(t => t.P < IndependenceP).Select(t => t.Factor).Distinct(StringComparer.Ordinal).ToList();
}

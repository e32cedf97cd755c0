using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

namespace RlmsRegistry.Application.Dashboards.Queries.GetCentreValidation;

/// <summary>
/// The internal–external validation of a cohort's multivariable model by centre, from the newest snapshot (Admin,
/// Investigator). Small cells: for callers without row-level access a count of 1–4 is "&lt;5", and the estimates of
/// such a centre are not shown (they would describe fewer than five patients or deaths).
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetCentreValidationQuery(string Cohort) : IQuery<DashboardResponse<CentreValidationFigure>>;

public sealed class GetCentreValidationValidator : AbstractValidator<GetCentreValidationQuery>
{
    public GetCentreValidationValidator() =>
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithName("Cohort").WithMessage("The cohort must be primary or recurrent.");
}

/// <summary>One row per centre; <see cref="Note"/> says why there is none (no model, one centre only).</summary>
public sealed record CentreValidationFigure(string Cohort, IReadOnlyList<string> Factors, IReadOnlyList<string> FactorLabels, IReadOnlyList<CentreValidationRow> Centres, string? Note);

/// <summary>
/// A left-out centre: patients and deaths evaluated, and those of the other centres the model was fitted on; Harrell's C
/// and the calibration slope with 95% limits (estimate ± 1.96 standard errors); null with <see cref="Note"/> when not
/// estimable or not shown.
/// </summary>
public sealed record CentreValidationRow(
    string Centre,
    SmallCount Patients,
    SmallCount Deaths,
    SmallCount TrainingPatients,
    SmallCount TrainingDeaths,
    double? C,
    double? CLower,
    double? CUpper,
    double? Slope,
    double? SlopeLower,
    double? SlopeUpper,
    string? Note);

public sealed class GetCentreValidationHandler(ICurrentUser user, CurrentSnapshotReader newest)
    : IQueryHandler<GetCentreValidationQuery, DashboardResponse<CentreValidationFigure>>
{
    private const double Z = 1.959963984540054;

    public async ValueTask<DashboardResponse<CentreValidationFigure>> Handle(GetCentreValidationQuery query, CancellationToken cancellationToken)
    {
        var suppress = !user.SeesAllCentres;
        var snapshot = await newest.GetAsync(cancellationToken);
        if (snapshot?.Results.Cohorts.FirstOrDefault(c => c.Cohort == query.Cohort) is not { } cohort)
        {
            return new(snapshot?.Info, suppress, null);
        }

        return new(snapshot.Info, suppress, snapshot.Memoize($"validation:{query.Cohort}:{suppress}", () => Figure(cohort, suppress)));
    }

    public static CentreValidationFigure Figure(CohortResults cohort, bool suppress)
    {
        if (cohort.InternalExternal is not { } iev)
        {
            var why = cohort.Multivariable is null
                ? "There is no multivariable model of this cohort to validate."
                : "This snapshot was computed before the validation by centre existed; it appears with the next snapshot.";
            return new CentreValidationFigure(cohort.Cohort, [], [], [], why);
        }

        var labels = iev.Factors.Select(k => AnalysisFactors.Find(k)?.Label ?? k).ToList();
        var rows = iev.Centres.Select(c => Row(c, suppress)).ToList();
        return new CentreValidationFigure(cohort.Cohort, iev.Factors, labels, rows, iev.Note);
    }

    private static CentreValidationRow Row(CentreValidation c, bool suppress)
    {
        var patients = SmallCount.Of(c.N, suppress);
        var deaths = SmallCount.Of(c.Events, suppress);
        var row = new CentreValidationRow(
            c.Centre, patients, deaths, SmallCount.Of(c.TrainingN, suppress), SmallCount.Of(c.TrainingEvents, suppress),
            c.C, c.C - (Z * c.CSe), c.C + (Z * c.CSe), c.Slope, c.Slope - (Z * c.SlopeSe), c.Slope + (Z * c.SlopeSe), c.Note);
        if (patients.IsSuppressed || deaths.IsSuppressed)
        {
            return row with
            {
                C = null, CLower = null, CUpper = null, Slope = null, SlopeLower = null, SlopeUpper = null,
                Note = "Not shown: fewer than 5 patients or deaths in this centre (small-cell protection).",
            };
        }

        return row;
    }
}

using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

namespace RlmsRegistry.Application.Prediction.Queries.PredictSurvival;

/// <summary>
/// One typed value of the risk calculator as the entry point read it: the text, and for a numeric factor the number
/// (read with the pages' decimal rules, comma or point) or why it could not be read.
/// </summary>
public sealed record PredictorEntry(string Text, decimal? Number = null, string? Problem = null);

/// <summary>
/// Predicted overall survival for one patient from the current snapshot's multivariable model of a cohort (Admin,
/// Investigator). <paramref name="Values"/> holds the factors by analysis-dataset column name; with
/// <paramref name="FormOnly"/> nothing is predicted and nothing is required (the empty calculator).
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record PredictSurvivalQuery(string Cohort, IReadOnlyDictionary<string, PredictorEntry> Values, bool FormOnly = false)
    : IQuery<DashboardResponse<SurvivalPrediction>>;

public sealed class PredictSurvivalValidator : AbstractValidator<PredictSurvivalQuery>
{
    public PredictSurvivalValidator() =>
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithName("Cohort").WithMessage("The cohort must be primary or recurrent.");
}

/// <summary>The calculator's answer: the model it used, the inputs it asks for, and (unless only the form was asked for) the prediction.</summary>
public sealed record SurvivalPrediction(
    string Cohort,
    PredictionModelFacts Model,
    IReadOnlyList<PredictorInput> Inputs,
    IReadOnlyDictionary<string, string> Typical,
    IReadOnlyDictionary<string, string>? Profile,
    double? LinearPredictor,
    IReadOnlyList<PredictedSurvivalAt> AtTimes,
    IReadOnlyList<PredictedCurvePoint> Curve,
    string Caution);

/// <summary>
/// The model behind the prediction: its snapshot, the rows it was fitted on, its discrimination (Harrell's C with its
/// standard error) and its hazard ratios.
/// </summary>
public sealed record PredictionModelFacts(
    Guid SnapshotId, DateTimeOffset SnapshotCreatedAt, SmallCount N, SmallCount Events, double? C, double? CSe, IReadOnlyList<PredictionTerm> Terms);

public sealed record PredictionTerm(string Term, string Label, double HazardRatio, double Lower95, double Upper95);

/// <summary>Predicted survival (0–1) at a time in months with its 95% limits (log scale, as R's survfit).</summary>
public sealed record PredictedSurvivalAt(double Months, double Survival, double Lower, double Upper);

public sealed record PredictedCurvePoint(double Months, double Survival, double Lower, double Upper);

public sealed class PredictSurvivalHandler(IRegistryDbContext db, ICurrentUser user, CurrentSnapshotReader newest, PredictionModelCache models)
    : IQueryHandler<PredictSurvivalQuery, DashboardResponse<SurvivalPrediction>>
{
    public const string CautionText =
        "A registry model, not a validated clinical tool: it describes the patients of this registry and must not decide any patient's treatment.";

    /// <summary>The curve is drawn from at most this many points (the steps' corners, thinned evenly).</summary>
    public const int MaxCurvePoints = 400;

    public async ValueTask<DashboardResponse<SurvivalPrediction>> Handle(PredictSurvivalQuery query, CancellationToken cancellationToken)
    {
        var suppress = !user.SeesAllCentres;
        var snapshot = await newest.GetAsync(cancellationToken);
        if (snapshot is null)
        {
            return new(null, suppress, null);
        }

        var cohort = snapshot.Results.Cohorts.FirstOrDefault(c => c.Cohort == query.Cohort);
        var model = cohort is null ? null : await models.GetAsync(snapshot.Info.Id, query.Cohort, async () =>
        {
            var csv = await db.AnalysisSnapshots.AsNoTracking().Where(s => s.Id == snapshot.Info.Id).Select(s => s.DatasetCsv).SingleAsync(cancellationToken);
            return PredictionModel.Build(SnapshotDataset.Read(csv), cohort, snapshot.Results.Settings.Ties);
        });
        if (cohort?.Multivariable is not { } multi || model is null)
        {
            throw new NotFoundException($"The current analysis has no multivariable model of the {query.Cohort} cohort to predict from.");
        }

        var inputs = model.Factors.Select(f => Predictors.For(f.Key)).ToList();
        var facts = new PredictionModelFacts(
            snapshot.Info.Id,
            snapshot.Info.CreatedAt,
            SmallCount.Of(model.N, suppress),
            SmallCount.Of(model.Events, suppress),
            multi.Concordance?.C,
            multi.Concordance?.Se,
            [.. multi.Terms.Select(t => new PredictionTerm(t.Term, TermLabel(t), t.HazardRatio, t.Lower95, t.Upper95))]);
        if (query.FormOnly)
        {
            return new(snapshot.Info, suppress, new SurvivalPrediction(query.Cohort, facts, inputs, model.Typical, null, null, [], [], CautionText));
        }

        var profile = Read(query.Values, inputs);
        var times = snapshot.Results.Settings.SurvivalTimesMonths;
        var predicted = model.Predict(profile, times)
            ?? throw new ValidationException([new ValidationFailure("values", "The model cannot be evaluated for these values.")]);
        var at = predicted.AtTimes.Select(p => new PredictedSurvivalAt(p.Time, p.Survival, p.Lower, p.Upper)).ToList();
        var text = inputs.ToDictionary(i => i.Key, i => query.Values[i.Key].Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : query.Values[i.Key].Text.Trim(), StringComparer.Ordinal);
        return new(snapshot.Info, suppress, new SurvivalPrediction(query.Cohort, facts, inputs, model.Typical, text, predicted.LinearPredictor, at, Thin(predicted.Curve), CautionText));
    }

    /// <summary>Every factor of the model checked at once: each problem is named by the factor's label, under its column name.</summary>
    private static Dictionary<string, FactorValue> Read(IReadOnlyDictionary<string, PredictorEntry> values, IReadOnlyList<PredictorInput> inputs)
    {
        var failures = new List<ValidationFailure>();
        var profile = new Dictionary<string, FactorValue>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!values.TryGetValue(input.Key, out var entry) || string.IsNullOrWhiteSpace(entry.Text))
            {
                failures.Add(new ValidationFailure(input.Key, $"{input.Label}: enter a value (the model uses it)."));
                continue;
            }

            if (input.IsChoice)
            {
                var choice = input.Choices.FirstOrDefault(c => string.Equals(c.Value, entry.Text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    failures.Add(new ValidationFailure(input.Key, $"{input.Label}: choose one of {string.Join(", ", input.Choices.Select(c => c.Label))}."));
                    continue;
                }

                var factor = AnalysisFactors.Find(input.Key)!;
                profile[input.Key] = factor.IsCategorical
                    ? new FactorValue(null, choice.Value)
                    : new FactorValue(double.Parse(choice.Value, CultureInfo.InvariantCulture), null);
                continue;
            }

            if (entry.Number is not { } number)
            {
                failures.Add(new ValidationFailure(input.Key, $"{input.Label}: {entry.Problem ?? "type a number such as 12.5 or 12,5"}."));
                continue;
            }

            if ((input.Min is { } min && number < min) || (input.Max is { } max && number > max))
            {
                failures.Add(new ValidationFailure(input.Key, $"{input.Label}: enter a value from {input.RangeText}."));
                continue;
            }

            profile[input.Key] = new FactorValue((double)number, null);
        }

        return failures.Count == 0 ? profile : throw new ValidationException(failures);
    }

    private static string TermLabel(CoxTermResult term)
    {
        var input = Predictors.IsKnown(term.Factor) ? Predictors.For(term.Factor) : null;
        if (input is null)
        {
            return term.Term;
        }

        if (term.Term.Length > term.Factor.Length && input.IsChoice)
        {
            var level = term.Term[term.Factor.Length..];
            var choice = input.Choices.FirstOrDefault(c => c.Value == level);
            return $"{input.Label}: {choice?.Label ?? level}";
        }

        return input.Unit is null ? $"{input.Label} (per 1 unit)" : $"{input.Label} (per 1 {input.Unit})";
    }

    private static List<PredictedCurvePoint> Thin(Survival.CoxSurvivalCurve curve)
    {
        var corners = new List<int>();
        for (var i = 0; i < curve.Time.Length; i++)
        {
            if (curve.NEvent[i] > 0 || i == curve.Time.Length - 1)
            {
                corners.Add(i);
            }
        }

        var step = Math.Max(1, (int)Math.Ceiling(corners.Count / (double)MaxCurvePoints));
        var points = new List<PredictedCurvePoint> { new(0, 1, 1, 1) };
        for (var k = 0; k < corners.Count; k++)
        {
            if (k % step == 0 || k == corners.Count - 1)
            {
                var i = corners[k];
                points.Add(new PredictedCurvePoint(curve.Time[i], curve.Survival[i], Finite(curve.Lower[i]), Finite(curve.Upper[i])));
            }
        }

        return points;
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;
}

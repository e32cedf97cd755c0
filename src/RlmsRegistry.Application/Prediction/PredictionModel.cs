using System.Collections.Concurrent;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Prediction;

/// <summary>
/// A cohort's multivariable Cox model of one snapshot, refitted from the snapshot's own dataset CSV (the rows its R
/// script reads) so predicted curves can be computed for any covariate profile: R's
/// <c>survfit(fit, newdata = profile)</c> with log-scale 95% limits (<see cref="CoxPrediction"/>).
/// </summary>
public sealed class PredictionModel
{
    private readonly CoxDesignMatrix _design;
    private readonly CoxResult _fit;

    private PredictionModel(string cohort, IReadOnlyList<AnalysisFactor> factors, CoxDesignMatrix design, CoxResult fit, IReadOnlyDictionary<string, string> typical)
    {
        Cohort = cohort;
        Factors = factors;
        _design = design;
        _fit = fit;
        Typical = typical;
    }

    public string Cohort { get; }

    /// <summary>The model's factors in model order.</summary>
    public IReadOnlyList<AnalysisFactor> Factors { get; }

    public int N => _fit.N;

    public int Events => _fit.Events;

    public IReadOnlyList<CoxCoefficient> Coefficients => _fit.Coefficients;

    /// <summary>
    /// A typical patient of the model's rows (median of each numeric factor, R's type 7; most frequent level, the first in
    /// level order on a tie), as invariant text: the calculator's starting values and the bundle's example prediction.
    /// </summary>
    public IReadOnlyDictionary<string, string> Typical { get; }

    /// <summary>Fits the snapshot cohort's multivariable model again on the snapshot's rows; null without such a model.</summary>
    public static PredictionModel? Build(IReadOnlyList<AnalysisRow> allRows, CohortResults cohort, CoxTies ties)
    {
        if (cohort.Multivariable is not { Converged: true } multi)
        {
            return null;
        }

        var factors = multi.Factors.Select(k => AnalysisFactors.Find(k) ?? throw new InvalidOperationException($"Unknown factor {k}.")).ToList();
        var rows = allRows.Where(r => r.Cohort.Name() == cohort.Cohort).ToList();
        var design = CohortAnalyzer.BuildDesign(rows, factors, false, false);
        if (design.Data.Columns.Length == 0)
        {
            return null;
        }

        var fit = CoxRegression.Fit(design.Data, new CoxOptions { Ties = ties });
        return fit.Converged ? new PredictionModel(cohort.Cohort, factors, design, fit, TypicalOf(rows, factors)) : null;
    }

    /// <summary>The predicted curve for a profile (every factor of the model given), or null when a level is unknown to the model.</summary>
    public PredictedCurve? Predict(IReadOnlyDictionary<string, FactorValue> profile, IReadOnlyList<double> times)
    {
        var x = ProfileCoding.Code(_design, key => profile.TryGetValue(key, out var v) ? v : default);
        if (x is null)
        {
            return null;
        }

        var curve = CoxPrediction.Predict(_design.Data, _fit, x);
        var at = CoxPrediction.AtTimes(curve, times);
        return new PredictedCurve(curve, at, ProfileCoding.LinearPredictor(_fit, x));
    }

    private static Dictionary<string, string> TypicalOf(List<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors)
    {
        var complete = rows.Where(r => factors.All(f => !f.IsMissing(r))).ToList();
        var typical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in factors)
        {
            if (f.IsCategorical)
            {
                typical[f.Key] = f.Levels.OrderByDescending(l => complete.Count(r => f.Level(r) == l)).First();
            }
            else
            {
                var values = complete.Select(r => f.Numeric(r)!.Value).Order().ToArray();
                typical[f.Key] = Math.Round(values.Length == 0 ? 0 : BaselineTables.Quantile7(values, 0.5), 2).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return typical;
    }
}

/// <summary>A predicted curve, read at the requested times, and the profile's linear predictor x'b (uncentred).</summary>
public sealed record PredictedCurve(CoxSurvivalCurve Curve, CoxSurvivalPoint[] AtTimes, double LinearPredictor);

/// <summary>
/// Prediction models of the current snapshot, built once per snapshot and cohort (singleton). A new snapshot id
/// replaces the old ones, so a stale model is never used.
/// </summary>
public sealed class PredictionModelCache
{
    private readonly ConcurrentDictionary<(Guid, string), Lazy<Task<PredictionModel?>>> _models = new();

    public Task<PredictionModel?> GetAsync(Guid snapshotId, string cohort, Func<Task<PredictionModel?>> build)
    {
        foreach (var key in _models.Keys.Where(k => k.Item1 != snapshotId))
        {
            _models.TryRemove(key, out _);
        }

        return _models.GetOrAdd((snapshotId, cohort), _ => new Lazy<Task<PredictionModel?>>(build)).Value;
    }
}

using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// Internal–external cross-validation of a cohort's multivariable Cox model by centre: for each centre the model is
/// refitted on the complete cases of the other centres and evaluated on the complete cases of the left-out centre.
/// </summary>
/// <remarks>
/// Inputs: the cohort's analysis rows, the multivariable model's factors, the ties method. For each centre with
/// complete cases: the training design (the other centres' rows; each factor's reference is its first level present
/// there, as R's <c>droplevels</c> leaves it), the held-out linear predictor lp = x'b (NA coefficients as 0; held-out rows with a
/// level the training rows never had cannot be coded and are counted in <see cref="CentreValidation.NotCoded"/>),
/// Harrell's C of lp on the held-out survival with its infinitesimal-jackknife standard error
/// (R: <c>concordance(Surv(osMonths, osEvent) ~ lp, reverse = TRUE)</c>) and the calibration slope, the coefficient
/// of lp in a Cox model on the held-out rows (R: <c>coxph(Surv(osMonths, osEvent) ~ lp)</c>; 1 = well calibrated,
/// below 1 = predictions too extreme). Both are invariant to centring lp. Pure: no database, no clock.
/// </remarks>
public static class InternalExternalValidation
{
    public static InternalExternalResult Run(IReadOnlyList<AnalysisRow> rows, IReadOnlyList<AnalysisFactor> factors, CoxTies ties)
    {
        var complete = rows.Where(r => factors.All(f => !f.IsMissing(r))).ToList();
        var centres = complete.Select(r => r.CentreCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var results = new List<CentreValidation>();
        if (centres.Count < 2)
        {
            return new InternalExternalResult([.. factors.Select(f => f.Key)], results, "Needs patients from at least two centres.");
        }

        foreach (var centre in centres)
        {
            results.Add(Validate(complete, factors, centre, ties));
        }

        return new InternalExternalResult([.. factors.Select(f => f.Key)], results, null);
    }

    private static CentreValidation Validate(List<AnalysisRow> complete, IReadOnlyList<AnalysisFactor> factors, string centre, CoxTies ties)
    {
        var training = complete.Where(r => r.CentreCode != centre).ToList();
        var heldOut = complete.Where(r => r.CentreCode == centre).ToList();
        var trainingEvents = training.Count(r => r.OsEvent == 1);
        var empty = new CentreValidation(centre, heldOut.Count, heldOut.Count(r => r.OsEvent == 1), training.Count, trainingEvents, 0, null, null, null, null, null);
        if (trainingEvents == 0)
        {
            return empty with { Note = "No deaths in the other centres: the model cannot be fitted without this centre." };
        }

        var design = CohortAnalyzer.BuildDesign(training, factors, false, false);
        if (design.Data.Columns.Length == 0)
        {
            return empty with { Note = "The other centres leave no factor with two or more values." };
        }

        var fit = CoxRegression.Fit(design.Data, new CoxOptions { Ties = ties });
        if (!fit.Converged)
        {
            return empty with { Note = "The model fitted without this centre did not converge." };
        }

        var time = new List<double>(heldOut.Count);
        var status = new List<int>(heldOut.Count);
        var lp = new List<double>(heldOut.Count);
        var notCoded = 0;
        foreach (var row in heldOut)
        {
            var x = ProfileCoding.Code(design, key => FactorValue.Of(factors.First(f => f.Key == key), row));
            if (x is null)
            {
                notCoded++;
                continue;
            }

            time.Add(row.OsMonths);
            status.Add(row.OsEvent);
            lp.Add(ProfileCoding.LinearPredictor(fit, x));
        }

        var result = empty with { N = time.Count, Events = status.Count(s => s == 1), NotCoded = notCoded };
        if (result.Events == 0)
        {
            return result with { Note = "No deaths in this centre: nothing to validate against." };
        }

        var concordance = Concordance.Compute([.. time], [.. status], [.. lp]);
        if (concordance.IsDefined)
        {
            result = result with { C = concordance.C, CSe = concordance.StdErr };
        }

        if (lp.Distinct().Count() < 2)
        {
            return result with { Note = "Every patient of this centre has the same predicted risk: no calibration slope." };
        }

        var slope = CoxRegression.Fit(
            new CoxData { Time = [.. time], Status = [.. status], Columns = [[.. lp]], ColumnNames = ["lp"] },
            new CoxOptions { Ties = ties });
        var b = slope.Coefficients[0];
        return slope.Converged && double.IsFinite(b.Coef)
            ? result with { Slope = b.Coef, SlopeSe = b.Se }
            : result with { Note = "The calibration model did not converge." };
    }
}

/// <summary>The internal–external validation of one cohort's multivariable model (null note = computed for every centre it could).</summary>
public sealed record InternalExternalResult(IReadOnlyList<string> Factors, IReadOnlyList<CentreValidation> Centres, string? Note);

/// <summary>
/// One left-out centre: its complete cases that were evaluated (<see cref="N"/>, <see cref="Events"/>), the training
/// rows of the other centres, Harrell's C with its standard error and the calibration slope with its standard error
/// (null when not estimable, with <see cref="Note"/> saying why).
/// </summary>
public sealed record CentreValidation(
    string Centre,
    int N,
    int Events,
    int TrainingN,
    int TrainingEvents,
    int NotCoded,
    double? C,
    double? CSe,
    double? Slope,
    double? SlopeSe,
    string? Note);

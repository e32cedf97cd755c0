using System.Globalization;
using RlmsRegistry.Survival.Tests.Support;

namespace RlmsRegistry.Survival.Tests;

/// <summary>
/// Concordance against R 3.5's concordance(coxph_fit) for every Cox reference case, independent of any Cox
/// engine: the linear predictor is rebuilt from R's coefficients in the expected JSON (lp = X beta; centring
/// does not change C). R: fit &lt;- coxph(Surv(time, status) ~ ..., data); concordance(fit) -> concordance, sqrt(var).
/// Strata come from --strata, clusters from --cluster (R groups the jackknife by the model's cluster).
/// Tolerance: relative 1e-6 (survcheck.py).
/// </summary>
public class ConcordanceReferenceTests
{
    public static TheoryData<string> CoxCases => new()
    {
        "lung-cox-efron", "lung-cox-breslow", "lung-cox-factor", "lung-cox-strata", "lung-cox-cluster", "ovarian-cox", "veteran-cox",
    };

    [Theory]
    [MemberData(nameof(CoxCases))]
    public void GivenCoxReferenceCase_WhenScoringTheLinearPredictor_ThenConcordanceAndSeMatchR(string id)
    {
        var testCase = ReferenceCases.Load(id);
        var csv = ReferenceCases.Csv(ReferenceCases.Arg(testCase, "--input")!);
        string timeCol = ReferenceCases.Arg(testCase, "--time")!;
        string eventCol = ReferenceCases.Arg(testCase, "--event")!;
        var covariates = ReferenceCases.Arg(testCase, "--covariates")!.Split(',');
        string? strataCol = ReferenceCases.Arg(testCase, "--strata");
        string? clusterCol = ReferenceCases.Arg(testCase, "--cluster");
        var expected = testCase.GetProperty("expected");
        var coefficients = expected.GetProperty("coefficients").EnumerateArray()
            .Select(c => (Term: c.GetProperty("term").GetString()!, Coef: c.GetProperty("coef").GetDouble()))
            .ToList();

        var time = new List<double>();
        var status = new List<int>();
        var lp = new List<double>();
        var strata = new List<int>();
        var cluster = new List<int>();
        for (int r = 0; r < csv.Rows.Count; r++)
        {
            var needed = new[] { timeCol, eventCol }.Concat(covariates)
                .Concat(strataCol is null ? [] : [strataCol]).Concat(clusterCol is null ? [] : [clusterCol]);
            if (needed.Any(c => csv.Text(r, c) is null))
            {
                continue; // R's na.omit
            }

            double eta = 0;
            foreach (var (term, coef) in coefficients)
            {
                eta += coef * DesignValue(csv, r, term, covariates);
            }

            time.Add(csv.Number(r, timeCol));
            status.Add((int)csv.Number(r, eventCol));
            lp.Add(eta);
            strata.Add(strataCol is null ? 0 : (int)csv.Number(r, strataCol));
            cluster.Add(clusterCol is null ? 0 : (int)csv.Number(r, clusterCol));
        }

        Assert.Equal(expected.GetProperty("n").GetInt32(), time.Count);

        var result = Concordance.Compute(
            time.ToArray(), status.ToArray(), lp.ToArray(),
            strataCol is null ? null : strata.ToArray(),
            clusterCol is null ? null : cluster.ToArray());

        var conc = expected.GetProperty("concordance");
        Approx.Equal(Approx.Num(conc, "c"), result.C, Approx.Estimate, id + ".concordance.c");
        Approx.Equal(Approx.Num(conc, "se"), result.StdErr, Approx.Estimate, id + ".concordance.se");
    }

    /// <summary>A numeric covariate is its own value; a factor term "colLevel" is the indicator of that level.</summary>
    private static double DesignValue(SimpleCsv csv, int row, string term, string[] covariates)
    {
        if (covariates.Contains(term))
        {
            return csv.Number(row, term);
        }

        string column = covariates.Where(term.StartsWith).OrderByDescending(c => c.Length).First();
        string level = term[column.Length..];
        string value = csv.Text(row, column)!;
        bool numeric = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v);
        return (numeric ? v.ToString(CultureInfo.InvariantCulture) : value) == level ? 1.0 : 0.0;
    }
}

using System.Globalization;
using RlmsRegistry.Survival.Tests.Support;

namespace RlmsRegistry.Survival.Tests.Competing;

/// <summary>
/// Chosen reference levels and predicted survival against R's survival 3.5 (tests/reference/cox-options,
/// generate-competing.R): coxph(Surv(time, status) ~ ..., data with relevel(factor(x), ref)) and
/// summary(survfit(fit, newdata), times, extend = TRUE). Tolerances as survcheck.py.
/// </summary>
public class CoxOptionsReferenceTests
{
    public static TheoryData<string> CoxCases => RepositoryReference.Ids("cox-options", "cox");

    public static TheoryData<string> PredictCases => RepositoryReference.Ids("cox-options", "cox-predict");

    [Theory]
    [MemberData(nameof(CoxCases))]
    public void GivenChosenReferenceLevel_WhenFittingCox_ThenTermsAndEstimatesMatchR(string id)
    {
        var testCase = RepositoryReference.Load("cox-options", id);
        var (data, _) = Build(testCase, null);

        var fit = CoxRegression.Fit(data, new CoxOptions { Ties = Ties(testCase) });

        var expected = testCase.GetProperty("expected");
        Assert.Equal(expected.GetProperty("n").GetInt32(), fit.N);
        foreach (var e in expected.GetProperty("coefficients").EnumerateArray())
        {
            var term = e.GetProperty("term").GetString()!;
            var a = fit.Coefficients.Single(c => c.Term == term);
            Approx.Equal(Approx.Num(e, "coef"), a.Coef, Approx.Estimate, $"{id}[{term}].coef");
            Approx.Equal(Approx.Num(e, "se"), a.Se, Approx.Estimate, $"{id}[{term}].se");
        }
    }

    [Theory]
    [MemberData(nameof(PredictCases))]
    public void GivenCovariatePattern_WhenPredictingSurvival_ThenSurvivalErrorAndLimitsMatchR(string id)
    {
        var testCase = RepositoryReference.Load("cox-options", id);
        var pattern = ReferenceCases.Arg(testCase, "--predict")!.Split(',')
            .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        var times = ReferenceCases.Arg(testCase, "--times")!.Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var (data, profile) = Build(testCase, pattern);
        var fit = CoxRegression.Fit(data, new CoxOptions { Ties = Ties(testCase) });

        var points = CoxPrediction.AtTimes(CoxPrediction.Predict(data, fit, profile), times);

        var table = testCase.GetProperty("expected").GetProperty("prediction").GetProperty("table").EnumerateArray().ToList();
        Assert.Equal(table.Count, points.Length);
        for (var i = 0; i < table.Count; i++)
        {
            var e = table[i];
            var at = $"{id}.table[{i}]";
            Approx.Equal(Approx.Num(e, "time"), points[i].Time, Approx.Estimate, at + ".time");
            Approx.Equal(Approx.Num(e, "survival"), points[i].Survival, Approx.Estimate, at + ".survival");
            Approx.Equal(Approx.Num(e, "stdErr"), points[i].StdErr, Approx.Estimate, at + ".stdErr");
            Approx.Equal(Approx.Num(e, "lower95"), points[i].Lower, Approx.Estimate, at + ".lower95");
            Approx.Equal(Approx.Num(e, "upper95"), points[i].Upper, Approx.Estimate, at + ".upper95");
        }
    }

    [Fact]
    public void GivenReferenceLevel_WhenRelevelled_ThenItComesFirstAndOthersKeepTheirOrder()
    {
        Assert.Equal(["<=20", "20-50", ">50"], FactorCoding.Relevel(["20-50", "<=20", ">50"], "<=20"));
        Assert.Equal(["a", "b"], FactorCoding.Relevel(["a", "b"], null));
        var error = Assert.Throws<ArgumentException>(() => FactorCoding.Relevel(["a", "b"], "c"));
        Assert.Contains("'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLevelOrder_WhenCoding_ThenOneColumnPerNonReferenceLevel()
    {
        // natural levels a=0, b=1, c=2; reference b: columns for a and c.
        var columns = FactorCoding.DummyColumns([0, 1, 2, 1], [1, 0, 2]);

        Assert.Equal(2, columns.Length);
        Assert.Equal([1.0, 0, 0, 0], columns[0]);
        Assert.Equal([0.0, 0, 1, 0], columns[1]);
    }

    private static CoxTies Ties(System.Text.Json.JsonElement testCase) =>
        ReferenceCases.Arg(testCase, "--ties") == "breslow" ? CoxTies.Breslow : CoxTies.Efron;

    /// <summary>Design as the CLI builds it (complete cases; factors in sorted order, --reference first) and the profile.</summary>
    private static (CoxData Data, double[]? Profile) Build(System.Text.Json.JsonElement testCase, Dictionary<string, string>? pattern)
    {
        var csv = RepositoryReference.Csv("cox-options", testCase);
        var args = testCase.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var reference = args.Select((a, i) => (a, i)).Where(p => p.a == "--reference")
            .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        var covariates = ReferenceCases.Arg(testCase, "--covariates")!.Split(',');
        var factors = (ReferenceCases.Arg(testCase, "--factors") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var time = ReferenceCases.Arg(testCase, "--time")!;
        var status = ReferenceCases.Arg(testCase, "--event")!;
        var rows = Enumerable.Range(0, csv.Rows.Count)
            .Where(r => csv.Text(r, time) is not null && csv.Text(r, status) is not null && covariates.All(c => csv.Text(r, c) is not null))
            .ToList();
        var columns = new List<double[]>();
        var names = new List<string>();
        var profile = new List<double>();
        foreach (var c in covariates)
        {
            if (factors.Contains(c))
            {
                var natural = RepositoryReference.Levels(rows.Select(r => csv.Text(r, c)!));
                var order = FactorCoding.Relevel(natural, reference.GetValueOrDefault(c));
                var codes = rows.Select(r => Array.IndexOf(natural, csv.Text(r, c))).ToArray();
                var dummies = FactorCoding.DummyColumns(codes, [.. order.Select(l => Array.IndexOf(natural, l))]);
                columns.AddRange(dummies);
                names.AddRange(order.Skip(1).Select(l => c + l));
                if (pattern is not null)
                {
                    profile.AddRange(order.Skip(1).Select(l => l == pattern[c] ? 1.0 : 0.0));
                }
            }
            else
            {
                columns.Add([.. rows.Select(r => csv.Number(r, c))]);
                names.Add(c);
                if (pattern is not null)
                {
                    profile.Add(double.Parse(pattern[c], CultureInfo.InvariantCulture));
                }
            }
        }

        var data = new CoxData
        {
            Time = [.. rows.Select(r => csv.Number(r, time))],
            Status = [.. rows.Select(r => (int)csv.Number(r, status))],
            Columns = [.. columns],
            ColumnNames = [.. names],
        };
        return (data, pattern is null ? null : [.. profile]);
    }
}

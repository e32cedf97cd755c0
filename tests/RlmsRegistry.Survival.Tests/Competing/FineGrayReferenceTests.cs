using RlmsRegistry.Survival.Tests.Support;

namespace RlmsRegistry.Survival.Tests.Competing;

/// <summary>
/// Fine–Gray fits against R's cmprsk 2.2 <c>crr(ftime, fstatus, cov1 = model.matrix(...)[, -1], failcode = K)</c>
/// with default options (tests/reference/competing, generate-competing.R). Factors are dummy-coded with the first
/// sorted level as reference. Tolerances as survcheck.py.
/// </summary>
public class FineGrayReferenceTests
{
    public static TheoryData<string> Cases => RepositoryReference.Ids("competing", "finegray");

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenReferenceCase_WhenFittingFineGray_ThenEstimatesSandwichErrorsAndLikelihoodMatchR(string id)
    {
        var testCase = RepositoryReference.Load("competing", id);
        var csv = RepositoryReference.Csv("competing", testCase);
        var covariates = ReferenceCases.Arg(testCase, "--covariates")!.Split(',');
        var factors = (ReferenceCases.Arg(testCase, "--factors") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var timeColumn = ReferenceCases.Arg(testCase, "--time")!;
        var statusColumn = ReferenceCases.Arg(testCase, "--status")!;
        var args = testCase.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var reference = args.Select((a, i) => (a, i)).Where(p => p.a == "--reference")
            .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        var cause = int.Parse(ReferenceCases.Arg(testCase, "--cause")!, System.Globalization.CultureInfo.InvariantCulture);

        var rows = Enumerable.Range(0, csv.Rows.Count)
            .Where(r => !double.IsNaN(csv.Number(r, timeColumn)) && !double.IsNaN(csv.Number(r, statusColumn))
                && covariates.All(c => csv.Text(r, c) is not null))
            .ToList();
        var columns = new List<double[]>();
        var names = new List<string>();
        foreach (var c in covariates)
        {
            if (factors.Contains(c))
            {
                var levels = RepositoryReference.Levels(rows.Select(r => csv.Text(r, c)!)).ToList();
                if (reference.TryGetValue(c, out var first))
                {
                    levels.Remove(first);
                    levels.Insert(0, first);
                }

                foreach (var level in levels.Skip(1))
                {
                    columns.Add([.. rows.Select(r => csv.Text(r, c) == level ? 1.0 : 0.0)]);
                    names.Add(c + level);
                }
            }
            else
            {
                columns.Add([.. rows.Select(r => csv.Number(r, c))]);
                names.Add(c);
            }
        }

        var fit = FineGray.Fit(
            [.. rows.Select(r => csv.Number(r, timeColumn))], [.. rows.Select(r => (int)csv.Number(r, statusColumn))],
            cause, [.. columns], [.. names]);

        var expected = testCase.GetProperty("expected");
        Assert.Equal(expected.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(expected.GetProperty("excludedMissing").GetInt32(), csv.Rows.Count - rows.Count);
        Assert.Equal(expected.GetProperty("events").GetInt32(), fit.Events);
        Assert.Equal(expected.GetProperty("competingEvents").GetInt32(), fit.CompetingEvents);
        Assert.Equal(expected.GetProperty("converged").GetBoolean(), fit.Converged);
        Approx.Equal(Approx.Num(expected, "logPseudoLikelihood"), fit.LogPseudoLikelihood, Approx.Estimate, id + ".loglik");
        foreach (var e in expected.GetProperty("coefficients").EnumerateArray())
        {
            var term = e.GetProperty("term").GetString()!;
            var a = fit.Coefficients.Single(c => c.Term == term);
            var at = $"{id}[{term}]";
            Approx.Equal(Approx.Num(e, "coef"), a.Coef, Approx.Estimate, at + ".coef");
            Approx.Equal(Approx.Num(e, "se"), a.StdErr, Approx.Estimate, at + ".se");
            Approx.Equal(Approx.Num(e, "z"), a.Z, Approx.Estimate, at + ".z");
            Approx.Equal(Approx.Num(e, "p"), a.P, Approx.PValue, at + ".p");
            Approx.Equal(Approx.Num(e, "hazardRatio"), a.HazardRatio, Approx.Estimate, at + ".hazardRatio");
            Approx.Equal(Approx.Num(e, "lower95"), a.Lower, Approx.Estimate, at + ".lower95");
            Approx.Equal(Approx.Num(e, "upper95"), a.Upper, Approx.Estimate, at + ".upper95");
        }
    }
}

using RlmsRegistry.Survival.Tests.Support;

namespace RlmsRegistry.Survival.Tests.Competing;

/// <summary>
/// Aalen–Johansen curves and Gray's test against R's cmprsk 2.2 (tests/reference/competing, generate-competing.R):
/// fit &lt;- cuminc(time, status, group); timepoints(fit, event times of the group); fit$Tests.
/// Tolerances as survcheck.py: relative 1e-6 for estimates, 1e-5 for statistics, 1e-4 for p.
/// </summary>
public class CumulativeIncidenceReferenceTests
{
    public static TheoryData<string> Cases => RepositoryReference.Ids("competing", "cif");

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenReferenceCase_WhenEstimatingCumulativeIncidence_ThenEveryRowAndGrayTestMatchR(string id)
    {
        var testCase = RepositoryReference.Load("competing", id);
        var csv = RepositoryReference.Csv("competing", testCase);
        var timeColumn = ReferenceCases.Arg(testCase, "--time")!;
        var statusColumn = ReferenceCases.Arg(testCase, "--status")!;
        var groupColumn = ReferenceCases.Arg(testCase, "--group");
        var time = new List<double>();
        var status = new List<int>();
        var raw = new List<string>();
        for (var r = 0; r < csv.Rows.Count; r++)
        {
            var t = csv.Number(r, timeColumn);
            var s = csv.Number(r, statusColumn);
            var g = groupColumn is null ? "all" : csv.Text(r, groupColumn);
            if (double.IsNaN(t) || double.IsNaN(s) || g is null)
            {
                continue;
            }

            time.Add(t);
            status.Add((int)s);
            raw.Add(g);
        }

        var labels = RepositoryReference.Levels(raw);
        var codes = raw.Select(g => Array.IndexOf(labels, g)).ToArray();

        var result = CumulativeIncidence.Fit(time.ToArray(), status.ToArray(), codes, labels.Length);

        var expected = testCase.GetProperty("expected");
        Assert.Equal(expected.GetProperty("n").GetInt32(), result.N);
        Assert.Equal(expected.GetProperty("causes").EnumerateArray().Select(c => c.GetInt32()), result.Causes);
        foreach (var eg in expected.GetProperty("groups").EnumerateArray())
        {
            var label = eg.GetProperty("group").GetString()!;
            var g = Array.IndexOf(labels, label);
            Assert.Equal(eg.GetProperty("n").GetInt32(), result.GroupN[g]);
            foreach (var ec in eg.GetProperty("curves").EnumerateArray())
            {
                var cause = ec.GetProperty("cause").GetInt32();
                var curve = result.Curve(g, result.Causes.ToList().IndexOf(cause));
                Assert.Equal(ec.GetProperty("events").GetInt32(), curve.Events);
                var table = ec.GetProperty("table").EnumerateArray().ToList();
                Assert.Equal(table.Count, curve.Time.Length);
                for (var i = 0; i < table.Count; i++)
                {
                    var e = table[i];
                    var at = $"{id}[{label}][{cause}].table[{i}]";
                    Approx.Equal(Approx.Num(e, "time"), curve.Time[i], Approx.Estimate, at + ".time");
                    Approx.Equal(Approx.Num(e, "cif"), curve.Incidence[i], Approx.Estimate, at + ".cif");
                    Approx.Equal(Approx.Num(e, "variance"), curve.Variance[i], Approx.Estimate, at + ".variance");
                    Approx.Equal(Approx.Num(e, "lower95"), curve.Lower[i], Approx.Estimate, at + ".lower95");
                    Approx.Equal(Approx.Num(e, "upper95"), curve.Upper[i], Approx.Estimate, at + ".upper95");
                }
            }
        }

        if (expected.TryGetProperty("grayTest", out var gray))
        {
            foreach (var et in gray.EnumerateArray())
            {
                var cause = et.GetProperty("cause").GetInt32();
                var test = result.GrayTests.Single(t => t.Cause == cause);
                Approx.Equal(Approx.Num(et, "statistic"), test.Statistic, Approx.ChiSquare, $"{id}.gray[{cause}].statistic");
                Assert.Equal(et.GetProperty("df").GetInt32(), test.Df);
                Approx.Equal(Approx.Num(et, "p"), test.P, Approx.PValue, $"{id}.gray[{cause}].p");
            }
        }
        else
        {
            Assert.Empty(result.GrayTests);
        }
    }
}

using System.Globalization;

namespace RlmsRegistry.Survival.Tests;

/// <summary>
/// 60 small random samples with heavy ties (Data/r-random-cases.txt, produced by Data/r-random-cases.R with
/// R 4.2.2 / survival 3.5.3): every KM row's survival, std.err and CI for conf.type log, log-log and plain, the
/// quartiles with their CIs (quantile.survfit), the log-rank chisq (survdiff) and concordance with its SE
/// (concordance(Surv ~ x, reverse = TRUE)). Tolerance: relative 1e-9 (absolute floor 1e-9); NA must be NaN.
/// </summary>
public class RandomSamplesVersusRTests
{
    private static readonly double[] Quartiles = [0.25, 0.5, 0.75];

    [Fact]
    public void GivenRandomTiedSamples_WhenEstimating_ThenEveryValueMatchesRsSurvivalPackage()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "r-random-cases.txt");
        var failures = new List<string>();
        int checks = 0;
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#')))
        {
            var f = line.Split(';');
            switch (f[0])
            {
                case "KM":
                    {
                        var type = f[1] switch { "log" => ConfidenceType.Log, "log-log" => ConfidenceType.LogLog, _ => ConfidenceType.Plain };
                        var curve = KaplanMeier.Fit(Numbers(f[2]), Ints(f[3]), new KaplanMeierOptions { ConfidenceType = type });
                        var q = Quartiles.Select(curve.Quantile).ToArray();
                        Compare("quantile", Numbers(f[4]), q.Select(x => x.Time));
                        Compare("quantile lower", Numbers(f[5]), q.Select(x => x.Lower));
                        Compare("quantile upper", Numbers(f[6]), q.Select(x => x.Upper));
                        Compare("surv", Numbers(f[7]), curve.Rows.Select(r => r.Survival));
                        Compare("lower", Numbers(f[8]), curve.Rows.Select(r => r.Lower));
                        Compare("upper", Numbers(f[9]), curve.Rows.Select(r => r.Upper));
                        Compare("std.err", Numbers(f[10]), curve.Rows.Select(r => r.StdErr));
                        break;
                    }

                case "LR":
                    {
                        var groups = Ints(f[3]).Select(g => g - 1).ToArray();
                        Compare("chisq", Numbers(f[4]), [LogRank.Test(Numbers(f[1]), Ints(f[2]), groups).ChiSquare]);
                        break;
                    }

                case "CC":
                    {
                        var c = Concordance.Compute(Numbers(f[1]), Ints(f[2]), Numbers(f[3]));
                        Compare("concordance", [Numbers(f[4])[0], Numbers(f[5])[0]], [c.C, c.StdErr]);
                        break;
                    }
            }

            void Compare(string what, double[] expected, IEnumerable<double> actual)
            {
                checks++;
                var a = actual.ToArray();
                bool ok = expected.Length == a.Length && expected.Zip(a).All(p => double.IsNaN(p.First)
                    ? double.IsNaN(p.Second)
                    : Math.Abs(p.First - p.Second) <= Math.Max(1e-9, 1e-9 * Math.Abs(p.First)));
                if (!ok)
                {
                    failures.Add($"{what}: R [{string.Join(", ", expected)}] vs [{string.Join(", ", a)}] in {line[..Math.Min(120, line.Length)]}");
                }
            }
        }

        Assert.True(checks > 1000, $"only {checks} checks read from {path}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static double[] Numbers(string s) =>
        s.Split(',').Select(x => x == "NA" ? double.NaN : double.Parse(x, CultureInfo.InvariantCulture)).ToArray();

    private static int[] Ints(string s) => Numbers(s).Select(v => (int)v).ToArray();
}

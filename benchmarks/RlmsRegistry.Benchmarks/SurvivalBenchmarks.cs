using BenchmarkDotNet.Attributes;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Benchmarks;

/// <summary>Kaplan–Meier and log-rank on 1,000,000 rows (floor: both together under 0.2 s).</summary>
[MemoryDiagnoser]
public class KaplanMeierLogRankBenchmarks
{
    private SyntheticData _data = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _data = SyntheticData.Create(N, covariates: 0);

    /// <summary>The whole "rlms analyze km --group" computation: prepare (sort once), curves per group, log-rank.</summary>
    [Benchmark(Baseline = true)]
    public double KaplanMeierByGroupPlusLogRank()
    {
        var sample = SurvivalSample.Create(_data.Time, _data.Status, _data.Group, 2);
        var curves = KaplanMeier.Fit(sample);
        var test = LogRank.Test(sample);
        return curves[0].Median.Time + curves[1].Median.Time + test.ChiSquare;
    }

    /// <summary>One curve over all rows, including its median and CI.</summary>
    [Benchmark]
    public double KaplanMeierSingleCurve() => KaplanMeier.Fit(_data.Time, _data.Status).Median.Time;

    /// <summary>Log-rank alone (including its own sort).</summary>
    [Benchmark]
    public double LogRankAlone() => LogRank.Test(_data.Time, _data.Status, _data.Group).ChiSquare;
}

/// <summary>Harrell's C with its jackknife standard error on 1,000,000 rows (O(n log n)).</summary>
[MemoryDiagnoser]
public class ConcordanceBenchmarks
{
    private SyntheticData _data = null!;
    private double[] _risk = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = SyntheticData.Create(N, covariates: 3);
        _risk = new double[N];
        for (int i = 0; i < N; i++)
        {
            _risk[i] = (0.2 * _data.Covariates[0][i]) - (0.1 * _data.Covariates[1][i]) + (0.3 * _data.Group[i]);
        }
    }

    [Benchmark]
    public double ConcordanceWithStdErr() => Concordance.Compute(_data.Time, _data.Status, _risk).StdErr;
}

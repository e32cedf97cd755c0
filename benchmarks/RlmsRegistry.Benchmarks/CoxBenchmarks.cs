using BenchmarkDotNet.Attributes;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Benchmarks;

/// <summary>
/// The Efron fit alone (Newton–Raphson to R's convergence, variance, tests) on 1,000,000 rows × 10 numeric covariates
/// with heavy ties (times rounded to 0.01). Floor: under 1 s single-threaded. The engine is single-threaded by design.
/// </summary>
[MemoryDiagnoser]
public class CoxEfronBenchmarks
{
    private CoxData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        var d = SyntheticData.Create(1_000_000, covariates: 10);
        _data = new CoxData
        {
            Time = d.Time,
            Status = d.Status,
            Columns = d.Covariates,
            ColumnNames = Enumerable.Range(1, 10).Select(j => "x" + j).ToArray(),
        };
    }

    [Benchmark]
    public double EfronFit1e6x10() => CoxRegression.Fit(_data).LogLikelihoodModel;

    [Benchmark]
    public double BreslowFit1e6x10() => CoxRegression.Fit(_data, new CoxOptions { Ties = CoxTies.Breslow }).LogLikelihoodModel;
}

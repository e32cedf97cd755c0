using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Benchmarks;

/// <summary>
/// Deterministic competing-risks data: the <see cref="SyntheticData"/> times (0.01 resolution, heavy ties), each
/// event assigned to cause 1, 2 or 3 (50/30/20%, cause 1 more likely with a higher first covariate), three groups.
/// The same rows are written to CSV (<c>write-competing-csv</c>) for the R comparison.
/// </summary>
public sealed class CompetingData
{
    private CompetingData(SyntheticData data, int[] status, int[] group)
    {
        Data = data;
        Status = status;
        Group = group;
    }

    public SyntheticData Data { get; }

    /// <summary>0 = censored, 1..3 = cause.</summary>
    public int[] Status { get; }

    /// <summary>Group code 0..2.</summary>
    public int[] Group { get; }

    public static CompetingData Create(int n, int covariates, int seed = 20261204)
    {
        var data = SyntheticData.Create(n, covariates, seed);
        var rng = new Random(seed + 1);
        var status = new int[n];
        var group = new int[n];
        for (int i = 0; i < n; i++)
        {
            group[i] = rng.Next(3);
            if (data.Status[i] == 0)
            {
                continue;
            }

            double shift = covariates > 0 ? 0.1 * data.Covariates[0][i] : 0;
            double u = rng.NextDouble();
            status[i] = u < 0.5 + shift + (0.05 * group[i]) ? 1 : u < 0.8 ? 2 : 3;
        }

        return new CompetingData(data, status, group);
    }

    /// <summary>time,status,group,x1..xk (invariant culture).</summary>
    public void WriteCsv(string path)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("time,status,group");
        for (int j = 0; j < Data.Covariates.Length; j++)
        {
            w.Write(",x" + (j + 1).ToString(CultureInfo.InvariantCulture));
        }

        w.Write('\n');
        for (int i = 0; i < Status.Length; i++)
        {
            w.Write(Data.Time[i].ToString("0.##", CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(Status[i].ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write((char)('a' + Group[i]));
            for (int j = 0; j < Data.Covariates.Length; j++)
            {
                w.Write(',');
                w.Write(Data.Covariates[j][i].ToString("F6", CultureInfo.InvariantCulture));
            }

            w.Write('\n');
        }
    }
}

/// <summary>Cumulative incidence of three causes in three groups plus Gray's test per cause on 1,000,000 rows (floor 0.5 s).</summary>
[MemoryDiagnoser]
public class CumulativeIncidenceBenchmarks
{
    private CompetingData _data = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _data = CompetingData.Create(N, covariates: 0);

    /// <summary>The whole "rlms analyze cif --group" computation: sort once, 9 curves, 3 Gray's tests.</summary>
    [Benchmark]
    public double CifByGroupPlusGrayTests()
    {
        var result = CumulativeIncidence.Fit(_data.Data.Time, _data.Status, _data.Group, 3);
        return result.GrayTests[0].Statistic + result.Curve(2, 2).Incidence[^1];
    }
}

/// <summary>Fine–Gray on 100,000 rows × 5 covariates with crr's sandwich variance (floor 5 s).</summary>
[MemoryDiagnoser]
public class FineGrayBenchmarks
{
    private CompetingData _data = null!;
    private string[] _names = null!;

    [Params(100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = CompetingData.Create(N, covariates: 5);
        _names = ["x1", "x2", "x3", "x4", "x5"];
    }

    [Benchmark]
    public double FineGrayCause1() => FineGray.Fit(_data.Data.Time, _data.Status, 1, _data.Data.Covariates, _names).Coefficients[0].StdErr;
}

using System.Globalization;
using System.Text;

namespace RlmsRegistry.Benchmarks;

/// <summary>
/// Deterministic synthetic survival data for the benchmarks: exponential event times with a covariate effect,
/// uniform censoring (about 70% events), times rounded to 0.01 so there are many ties, as in registry data.
/// </summary>
public sealed class SyntheticData
{
    private SyntheticData(double[] time, int[] status, int[] group, double[][] covariates)
    {
        Time = time;
        Status = status;
        Group = group;
        Covariates = covariates;
    }

    public double[] Time { get; }

    public int[] Status { get; }

    /// <summary>Two groups (0/1) with different hazards.</summary>
    public int[] Group { get; }

    /// <summary>Covariates[j][i], standard normal.</summary>
    public double[][] Covariates { get; }

    public static SyntheticData Create(int n, int covariates = 10, int seed = 20261126)
    {
        var rng = new Random(seed);
        var x = new double[covariates][];
        for (int j = 0; j < covariates; j++)
        {
            x[j] = new double[n];
        }

        var time = new double[n];
        var status = new int[n];
        var group = new int[n];
        for (int i = 0; i < n; i++)
        {
            double eta = 0;
            for (int j = 0; j < covariates; j++)
            {
                double z = Normal(rng);
                x[j][i] = z;
                eta += (j % 3 == 0 ? 0.2 : j % 3 == 1 ? -0.1 : 0.0) * z;
            }

            group[i] = rng.Next(2);
            eta += 0.3 * group[i];
            double eventTime = -Math.Log(1 - rng.NextDouble()) / (0.1 * Math.Exp(eta));
            double censorTime = rng.NextDouble() * 25;
            double t = Math.Min(eventTime, censorTime);
            time[i] = Math.Round(Math.Max(t, 0.01), 2);
            status[i] = eventTime <= censorTime ? 1 : 0;
        }

        return new SyntheticData(time, status, group, x);
    }

    /// <summary>Writes time,status,x1..xk as CSV (invariant culture, 6 decimals for covariates).</summary>
    public void WriteCsv(string path)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("time,status");
        for (int j = 0; j < Covariates.Length; j++)
        {
            w.Write(",x" + (j + 1).ToString(CultureInfo.InvariantCulture));
        }

        w.Write('\n');
        for (int i = 0; i < Time.Length; i++)
        {
            w.Write(Time[i].ToString("0.##", CultureInfo.InvariantCulture));
            w.Write(Status[i] == 1 ? ",1" : ",0");
            for (int j = 0; j < Covariates.Length; j++)
            {
                w.Write(',');
                w.Write(Covariates[j][i].ToString("F6", CultureInfo.InvariantCulture));
            }

            w.Write('\n');
        }
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

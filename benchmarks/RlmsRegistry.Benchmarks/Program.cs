using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- write-competing-csv N COVARIATES PATH
// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- cpu-time cif|finegray REPEATS
//   (CPU time of this process per operation, after one warm-up: a figure that a busy shared machine disturbs less
//   than wall-clock time)
if (args is ["write-competing-csv", var n, var p, var path])
{
    RlmsRegistry.Benchmarks.CompetingData
        .Create(int.Parse(n, CultureInfo.InvariantCulture), int.Parse(p, CultureInfo.InvariantCulture))
        .WriteCsv(path);
    return;
}

if (args is ["cpu-time", var what, var repeats])
{
    Func<double> op;
    if (what == "cif")
    {
        var b = new RlmsRegistry.Benchmarks.CumulativeIncidenceBenchmarks { N = 1_000_000 };
        b.Setup();
        op = b.CifByGroupPlusGrayTests;
    }
    else
    {
        var b = new RlmsRegistry.Benchmarks.FineGrayBenchmarks { N = 100_000 };
        b.Setup();
        op = b.FineGrayCause1;
    }

    op();
    int count = int.Parse(repeats, CultureInfo.InvariantCulture);
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        op();
    }

    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: CPU {(process.TotalProcessorTime - cpu0).TotalMilliseconds / count:0.0} ms/op, wall {wall.Elapsed.TotalMilliseconds / count:0.0} ms/op over {count} ops"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RlmsRegistry.Benchmarks.SyntheticData).Assembly).Run(args);

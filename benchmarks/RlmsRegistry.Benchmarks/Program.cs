using System.Globalization;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- write-competing-csv N COVARIATES PATH
if (args is ["write-competing-csv", var n, var p, var path])
{
    RlmsRegistry.Benchmarks.CompetingData
        .Create(int.Parse(n, CultureInfo.InvariantCulture), int.Parse(p, CultureInfo.InvariantCulture))
        .WriteCsv(path);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RlmsRegistry.Benchmarks.SyntheticData).Assembly).Run(args);

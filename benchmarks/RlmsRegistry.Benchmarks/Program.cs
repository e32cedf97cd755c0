using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(RlmsRegistry.Benchmarks.SyntheticData).Assembly).Run(args);

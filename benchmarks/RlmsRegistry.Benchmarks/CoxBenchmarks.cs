namespace RlmsRegistry.Benchmarks;

// ------------------------------------------------------------------------------------------------------------
// PLACE FOR THE COX EFRON BENCHMARK (owned by the Cox engine; not written here).
//
// Intended shape, matching benchmarks/cox-vs-r/run.sh:
//   [MemoryDiagnoser] public class CoxEfronBenchmarks
//   {
//       private RlmsRegistry.Survival.CoxData _data = null!;
//       [GlobalSetup] public void Setup()
//       {
//           var d = SyntheticData.Create(1_000_000, covariates: 10);   // heavy ties (times rounded to 0.01), ~70% events
//           _data = new CoxData { Time = d.Time, Status = d.Status, Columns = d.Covariates,
//                                 ColumnNames = Enumerable.Range(1, 10).Select(j => "x" + j).ToArray() };
//       }
//       [Benchmark] public double EfronFit1e6x10() => CoxRegression.Fit(_data).LogLikelihoodModel;
//   }
// ------------------------------------------------------------------------------------------------------------

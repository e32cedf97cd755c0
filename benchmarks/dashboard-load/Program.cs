// Dashboard load test. Two commands:
//   publish --connection <SQLite connection string> [--patients 10000] [--centres 4] [--seed 2026]
//       publishes a snapshot computed (CohortAnalyzer) from synthetic analysis rows of that many patients into the
//       database of a running app (pending `rlms seed demo --patients 10000` + a refit, issue 6).
//   load --url http://127.0.0.1:5080 [--path /Dashboards/Cohort/primary?by=fnclccGrade] [--email investigator@demo.rlms]
//        [--password …] [--concurrency 32] [--duration 30] [--warmup 5]
//       signs in through the sign-in form (cookie), then keeps <concurrency> requests in flight for <duration> seconds
//       and prints requests, errors, throughput and latency percentiles (p50, p95, p99, max).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Testing;

var options = ParseOptions(args.Skip(1));
string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
int IntOpt(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "publish":
        await PublishAsync(Opt("connection", "Data Source=data/rlms.db"), IntOpt("patients", 10_000), IntOpt("centres", 4), IntOpt("seed", 2026));
        return 0;
    case "load":
        return await LoadAsync(Opt("url", "http://127.0.0.1:5080"), Opt("path", "/Dashboards/Cohort/primary?by=fnclccGrade"), Opt("email", "investigator@demo.rlms"),
            Opt("password", "Demo-Password-2026!"), IntOpt("concurrency", 32), IntOpt("duration", 30), IntOpt("warmup", 5));
    default:
        Console.Error.WriteLine("usage: DashboardLoad publish|load [--option value]…");
        return 2;
}

static async Task PublishAsync(string connection, int patients, int centres, int seed)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Registry"] = connection,
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddRegistryApplication();
    services.AddRegistryInfrastructure(configuration, Directory.GetCurrentDirectory());
    await using var provider = services.BuildServiceProvider();
    var rows = SyntheticRows(patients, centres, seed);
    var watch = Stopwatch.StartNew();
    var snapshot = await SnapshotPublisher.PublishRowsAsync(provider, rows);
    Console.WriteLine($"published snapshot {snapshot.Id}: {patients} patients, {rows.Count} cohort rows ({rows.Count(r => r.Cohort == Cohort.Primary)} primary), " +
        $"{snapshot.Events} events, results {snapshot.ResultsJson.Length / 1024} KiB, analysis + insert {watch.Elapsed.TotalSeconds:0.0} s");
}

// Synthetic cohorts shaped like the paper's: grade, NLR, diameter and platelets carry hazard; about 40 % of patients
// also enter the recurrent cohort; follow-up up to 20 years, censoring uniform.
static List<AnalysisRow> SyntheticRows(int patients, int centres, int seed)
{
    var random = new Random(seed);
    var rows = new List<AnalysisRow>(patients * 2);
    for (var i = 0; i < patients; i++)
    {
        var centre = $"C{1 + (i % centres):D2}";
        var studyId = $"{centre}-{i:D6}";
        var sex = random.Next(2) == 0 ? Sex.Female : Sex.Male;
        var birth = 1930 + random.Next(55);
        var year = 2002 + random.Next(22);
        foreach (var cohort in random.NextDouble() < 0.4 ? new[] { Cohort.Primary, Cohort.Recurrent } : [Cohort.Primary])
        {
            var grade = (FnclccGrade)(1 + random.Next(3));
            var nlr = Math.Round(1 + (random.NextDouble() * 6), 2);
            var diameter = Math.Round(3 + (random.NextDouble() * 30), 1);
            var plt = 150 + random.Next(350);
            var hazard = (cohort == Cohort.Primary ? 0.008 : 0.016) * Math.Exp((0.5 * ((int)grade - 1)) + (0.2 * (nlr - 3)) + (0.02 * (diameter - 15)) + (0.002 * (plt - 300)));
            var t = -Math.Log(1 - random.NextDouble()) / hazard;
            var c = 1 + (random.NextDouble() * 240);
            var index = new DateOnly(year + (cohort == Cohort.Recurrent ? 2 : 0), 1 + random.Next(12), 1 + random.Next(28));
            rows.Add(new AnalysisRow(
                studyId, centre, cohort, index, index.Year - birth, sex,
                random.NextDouble() < 0.05 ? null : (decimal)diameter,
                random.NextDouble() < 0.05 ? null : grade,
                random.NextDouble() < 0.05 ? null : plt,
                random.NextDouble() < 0.05 ? null : (decimal)nlr,
                (ResectionCompleteness)(1 + random.Next(3)), random.Next(4) == 0,
                cohort == Cohort.Recurrent ? Math.Round(3 + (random.NextDouble() * 60), 2) : null,
                Math.Round(Math.Min(t, c), 3), t <= c ? 1 : 0));
        }
    }

    return rows;
}

static async Task<int> LoadAsync(string url, string path, string email, string password, int concurrency, int seconds, int warmup)
{
    var cookies = new CookieContainer();
    using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    var login = await client.GetStringAsync("/Account/Login");
    var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token });
    var signIn = await client.PostAsync("/Account/Login", form);
    if (signIn.StatusCode != HttpStatusCode.Redirect)
    {
        Console.Error.WriteLine($"sign-in failed: {(int)signIn.StatusCode}");
        return 1;
    }

    var first = await client.GetAsync(path);
    var body = await first.Content.ReadAsStringAsync();
    Console.WriteLine($"GET {path}: {(int)first.StatusCode}, {body.Length / 1024.0:0.0} KiB");
    if (first.StatusCode != HttpStatusCode.OK || body.Contains("id=\"no-snapshot\"", StringComparison.Ordinal))
    {
        Console.Error.WriteLine("the page did not answer 200 with a snapshot");
        return 1;
    }

    await RunAsync(client, path, concurrency, TimeSpan.FromSeconds(warmup)); // JIT, caches, connection pool
    var (latencies, errors, elapsed) = await RunAsync(client, path, concurrency, TimeSpan.FromSeconds(seconds));
    latencies.Sort();
    double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{latencies.Count} requests in {elapsed.TotalSeconds:0.0} s ({latencies.Count / elapsed.TotalSeconds:0} req/s), {concurrency} connections, {errors} errors"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency ms: p50 {P(0.50):0.0}  p95 {P(0.95):0.0}  p99 {P(0.99):0.0}  max {latencies[^1]:0.0}"));
    return errors == 0 ? 0 : 1;
}

static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> RunAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
{
    var all = new List<double>[concurrency];
    var errors = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
    {
        var mine = all[w] = [];
        while (watch.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }));
    return (all.SelectMany(l => l).ToList(), errors, watch.Elapsed);
}

static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
{
    var list = args.ToList();
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < list.Count; i += 2)
    {
        result[list[i].TrimStart('-')] = list[i + 1];
    }

    return result;
}

// Dashboard load test: signs in through the sign-in form (cookie), then keeps <concurrency> requests in flight for
// <duration> seconds and prints requests, errors, throughput and latency percentiles (p50, p95, p99, max).
//   DashboardLoad load --url http://127.0.0.1:5080 [--path /Dashboards/Cohort/primary?by=fnclccGrade]
//                      [--email investigator@bench.rlms] [--password …] [--concurrency 32] [--duration 30] [--warmup 5]
// The registry it reads is built by run.sh (rlms db migrate, seed demo, analysis refit, user add).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

var options = ParseOptions(args.Skip(1));
string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
int IntOpt(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "load":
        return await LoadAsync(Opt("url", "http://127.0.0.1:5080"), Opt("path", "/Dashboards/Cohort/primary?by=fnclccGrade"), Opt("email", "investigator@bench.rlms"),
            Opt("password", "Bench-Password-2026!"), IntOpt("concurrency", 32), IntOpt("duration", 30), IntOpt("warmup", 5));
    default:
        Console.Error.WriteLine("usage: DashboardLoad load [--option value]…");
        return 2;
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

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Resilience.Tests.Support;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// Several app nodes on one PostgreSQL database: two web processes (no job server, <c>Jobs:RunServer=false</c>) and one
/// <c>rlms worker</c>. Data-protection keys live in the database, so a sign-in cookie and an antiforgery token made by
/// one node are read by the other; Hangfire's queue lives in the database, so a refit queued on a web node is run by
/// the worker, once.
/// </summary>
public sealed partial class TwoNodeTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task GivenTwoWebNodesAndAWorker_WhenAUserMovesBetweenNodes_ThenSessionFormsAndQueuedRefitsWorkAcrossThem()
    {
        await using var registry = await SeededRegistry.CreateAsync(DatabaseProvider.Postgres);
        var settings = registry.WebSettings(runJobServer: false);
        await using var nodeA = AppProcess.StartWeb("node A", settings);
        await using var nodeB = AppProcess.StartWeb("node B", settings);
        await using var worker = AppProcess.StartCli("worker", ["worker", "--provider", "Postgres", "--connection", registry.ConnectionString], new Dictionary<string, string?>());
        try
        {
            await Task.WhenAll(nodeA.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120)), nodeB.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120)));
            using var a = Api.Client(nodeA.BaseUrl!);
            using var b = Api.Client(nodeB.BaseUrl!);
            var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

            // Sign-in form from A, posted to B: B accepts A's antiforgery token and issues the session cookie.
            var loginToken = await Pages.FormTokenAsync(a, "/Account/Login", cookies);
            using var login = await Pages.PostFormAsync(b, "/Account/Login", cookies, new()
            {
                ["Email"] = SeededRegistry.DataManagerC01,
                ["Password"] = SeededRegistry.Password,
                ["__RequestVerificationToken"] = loginToken,
            });
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.DoesNotContain("/Account/Login", login.Headers.Location?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(cookies.Keys, k => k.StartsWith("rlms.auth", StringComparison.Ordinal));

            // The session made on B serves the user on A.
            using (var list = await Pages.GetAsync(a, "/Patients", cookies))
            {
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            }

            // A form rendered by A for this user, posted to B: the patient is registered.
            var createToken = await Pages.FormTokenAsync(a, "/Patients/Create", cookies);
            var form = new Dictionary<string, string>
            {
                ["CentreId"] = registry.C01.ToString(),
                ["Sex"] = "Female",
                ["BirthYear"] = "1977",
                ["ConsentStatus"] = "Given",
            };
            using (var forged = await Pages.PostFormAsync(b, "/Patients/Create", cookies, new(form) { ["__RequestVerificationToken"] = "forged" + createToken[6..] }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // the check is real: a damaged token is refused
            }

            using (var created = await Pages.PostFormAsync(b, "/Patients/Create", cookies, new(form) { ["__RequestVerificationToken"] = createToken }))
            {
                Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
                Assert.Matches(PatientUrl(), created.Headers.Location?.ToString() ?? string.Empty);
            }

            var stored = await registry.Services.QueryAsync(db => db.Patients.AsNoTracking().IgnoreQueryFilters().CountAsync(p => p.BirthYear == 1977));
            Assert.Equal(1, stored);

            // A refit queued on A (as admin, bearer token from A) runs on the worker, once; its status is read on B.
            var admin = await Api.LoginAsync(nodeA.BaseUrl!, SeededRegistry.Admin);
            using var adminA = Api.Client(nodeA.BaseUrl!, admin);
            using var adminB = Api.Client(nodeB.BaseUrl!, admin);
            using var queued = await adminA.PostAsync(Api.Path("/api/v1/analysis/refits"), null);
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            var runId = JsonDocument.Parse(await queued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
            var clock = Stopwatch.StartNew();
            var status = "queued";
            string? message = null;
            while (clock.Elapsed < TimeSpan.FromSeconds(120) && status is "queued" or "running")
            {
                await Task.Delay(500);
                using var poll = await adminB.GetAsync(Api.Path($"/api/v1/analysis/refits/{runId}"));
                Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
                var run = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
                status = run.GetProperty("status").GetString()!;
                message = run.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }

            var refitSeconds = clock.Elapsed.TotalSeconds;
            var (attempts, jobId) = await registry.Services.QueryAsync(async db =>
            {
                var run = await db.AnalysisRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
                return (run.Attempts, run.JobId);
            });
            // The run row says succeeded as the job's method returns; Hangfire records its Succeeded state just after.
            var states = await HangfireStatesAsync(registry.ConnectionString, jobId!);
            for (var wait = 0; wait < 60 && status == "succeeded" && !states.Any(s => s.Name == "Succeeded"); wait++)
            {
                await Task.Delay(500);
                states = await HangfireStatesAsync(registry.ConnectionString, jobId!);
            }

            var processing = states.Where(s => s.Name == "Processing").ToList();
            Figures.Record(output, "two web nodes and a worker (PostgreSQL)", new
            {
                refitStatus = status,
                refitMessage = message,
                refitSeconds = Math.Round(refitSeconds, 1),
                attempts,
                hangfireStates = states.Select(s => s.Name).ToList(),
                processedBy = processing.Select(s => s.ServerId).ToList(),
                workerPid = worker.ProcessId,
                nodePids = new[] { nodeA.ProcessId, nodeB.ProcessId },
            });

            Assert.Equal("succeeded", status);
            Assert.Equal(1, attempts);
            var only = Assert.Single(processing);
            Assert.Contains($":{worker.ProcessId}:", only.ServerId, StringComparison.Ordinal);
            Assert.Single(states, s => s.Name == "Succeeded");
            Assert.False(worker.HasExited, "the worker ended:\n" + worker.Output);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException or TimeoutException)
        {
            output.WriteLine($"--- node A ---\n{nodeA.Output}\n--- node B ---\n{nodeB.Output}\n--- worker ---\n{worker.Output}");
            throw;
        }
    }

    private static async Task<List<(string Name, string ServerId)>> HangfireStatesAsync(string connectionString, string jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name, data::text FROM hangfire.state WHERE jobid = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
        var states = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var data = reader.IsDBNull(1) ? "{}" : reader.GetString(1);
            var server = JsonDocument.Parse(data).RootElement.TryGetProperty("ServerId", out var s) ? s.GetString() ?? string.Empty : string.Empty;
            states.Add((reader.GetString(0), server));
        }

        return states;
    }

    [GeneratedRegex("^/Patients/[0-9a-f-]{36}$")]
    private static partial Regex PatientUrl();
}

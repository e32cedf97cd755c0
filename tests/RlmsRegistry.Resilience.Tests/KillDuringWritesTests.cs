using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Resilience.Tests.Support;
using RlmsRegistry.Testing;
using Xunit.Abstractions;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// kill -9 of the app in the middle of 200 concurrent API writes (120 patient registrations, 80 edits), then a restart on
/// the same database: every write that was acknowledged (2xx reached the client) is there, nothing is stored twice,
/// every stored change has exactly one audit entry (the audit replay rebuilds the rows), and SQLite's integrity check
/// says ok.
/// </summary>
public sealed class KillDuringWritesTests(ITestOutputHelper output)
{
    private const int Creates = 120;
    private const int Edits = 80;
    private const int OriginalBirthYear = 1950;
    private const int KillAfterAnswered = 80;

    [Theory]
    [MemberData(nameof(TestDatabase.ProviderData), MemberType = typeof(TestDatabase))]
    public async Task GivenConcurrentWrites_WhenTheAppIsKilledAndRestarted_ThenEveryAcknowledgedWriteIsThereOnceAndAudited(DatabaseProvider provider)
    {
        await using var registry = await SeededRegistry.CreateAsync(provider);
        var port = AppProcess.FreePort();
        var settings = registry.WebSettings();
        AppProcess? restarted = null;
        await using var first = AppProcess.StartWeb("node", settings, port);
        try
        {
            await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
            var dmC01 = await Api.LoginAsync(first.BaseUrl!, SeededRegistry.DataManagerC01);
            var dmC02 = await Api.LoginAsync(first.BaseUrl!, SeededRegistry.DataManagerC02);

            // The patients the burst edits, registered before it (through the application's command, audited).
            var editable = await registry.RegisterPatientsAsync(registry.C02, Edits, OriginalBirthYear);

            // The burst: 200 writes at once, in a fixed shuffled order; the app is killed once 80 of them are answered.
            var operations = new List<Write>();
            for (var i = 0; i < Creates; i++)
            {
                operations.Add(Write.Create(i % 2 == 0 ? Sex.Female : Sex.Male, 1901 + (i / 2)));
            }

            for (var i = 0; i < Edits; i++)
            {
                operations.Add(Write.Edit(editable[i].Id, editable[i].Version, 1990 + (i % 30)));
            }

            new Random(13).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(operations));
            using var c01 = Api.Client(first.BaseUrl!, dmC01, TimeSpan.FromMinutes(3));
            using var c02 = Api.Client(first.BaseUrl!, dmC02, TimeSpan.FromMinutes(3));
            var answered = 0;
            var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var burst = operations.Select(op => Task.Run(async () =>
            {
                await op.SendAsync(op.Kind == WriteKind.Create ? c01 : c02, registry.C01);
                if (op.Status is not null && Interlocked.Increment(ref answered) == KillAfterAnswered)
                {
                    killNow.TrySetResult();
                }
            })).ToList();
            await Task.WhenAny(killNow.Task, Task.WhenAll(burst));
            first.KillHard();
            await Task.WhenAll(burst);

            var acked = operations.Where(o => o.Acknowledged).ToList();
            var refusedByServer = operations.Where(o => o.Status is not null && !o.Acknowledged).ToList();

            // Restart on the same database.
            var clock = Stopwatch.StartNew();
            restarted = AppProcess.StartWeb("node (restarted)", settings, port);
            await restarted.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
            var restartSeconds = clock.Elapsed.TotalSeconds;

            // Acknowledged writes, read back through the restarted app.
            using var after = Api.Client(restarted.BaseUrl!, await Api.LoginAsync(restarted.BaseUrl!, SeededRegistry.DataManagerC01));
            var lostThroughApi = 0;
            foreach (var create in acked.Where(o => o.Kind == WriteKind.Create))
            {
                using var read = await after.GetAsync(Api.Path($"/api/v1/patients/{create.PatientId}"));
                lostThroughApi += read.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }

            // And straight from the database.
            var patients = await registry.Services.QueryAsync(db => db.Patients.AsNoTracking().IgnoreQueryFilters()
                .Select(p => new { p.Id, p.CentreId, p.Sex, p.BirthYear, p.StudyId }).ToListAsync());
            var byId = patients.ToDictionary(p => p.Id);
            var lostCreates = acked.Count(o => o.Kind == WriteKind.Create && !byId.ContainsKey(o.PatientId!.Value));
            var lostEdits = acked.Count(o => o.Kind == WriteKind.Edit && byId[o.PatientId!.Value].BirthYear != o.BirthYear);
            var created = patients.Where(p => p.CentreId == registry.C01).ToList();
            var duplicates = created.GroupBy(p => (p.Sex, p.BirthYear)).Sum(g => g.Count() - 1);
            var unexpected = created.Count(p => !operations.Any(o => o.Kind == WriteKind.Create && o.Sex == p.Sex && o.BirthYear == p.BirthYear));
            var storedUnacknowledged = created.Count - acked.Count(o => o.Kind == WriteKind.Create);
            var refusedButStoredWrites = refusedByServer.Where(o => o.Kind == WriteKind.Create
                ? created.Any(p => p.Sex == o.Sex && p.BirthYear == o.BirthYear)
                : byId[o.PatientId!.Value].BirthYear == o.BirthYear).ToList();
            // A 4xx is a refusal and must leave nothing; a 5xx says the outcome is unknown (the write may have been
            // committed before the failure), so it is counted, not failed — the client's safe retry is the idempotency key.
            var refusedButStored = refusedButStoredWrites.Count(o => o.Status is < 500);

            // Exactly one audit entry per stored change.
            var audit = await registry.Services.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Entity == nameof(Patient))
                .Select(a => new { a.EntityKey, a.Action }).ToListAsync());
            var inserts = audit.Where(a => a.Action == "Insert").GroupBy(a => a.EntityKey).ToDictionary(g => g.Key, g => g.Count());
            var updates = audit.Where(a => a.Action == "Update").GroupBy(a => a.EntityKey).ToDictionary(g => g.Key, g => g.Count());
            var auditMismatches = new List<string>();
            foreach (var p in patients)
            {
                var key = p.Id.ToString();
                if (inserts.GetValueOrDefault(key) != 1)
                {
                    auditMismatches.Add($"patient {p.StudyId}: {inserts.GetValueOrDefault(key)} insert entries");
                }

                var expectedUpdates = p.CentreId == registry.C02 && p.BirthYear != OriginalBirthYear ? 1 : 0;
                if (updates.GetValueOrDefault(key) != expectedUpdates)
                {
                    auditMismatches.Add($"patient {p.StudyId}: {updates.GetValueOrDefault(key)} update entries, {expectedUpdates} changes stored");
                }
            }

            auditMismatches.AddRange(inserts.Keys.Where(k => !byId.ContainsKey(Guid.Parse(k))).Select(k => $"insert audited for {k}, which is not stored"));
            var replay = await AuditReplay.DifferencesAsync(registry.Services);

            // The restarted app takes writes again.
            using var write = await after.PostAsJsonAsync(Api.Path("/api/v1/patients"), new { centreId = registry.C01, sex = "male", birthYear = 2001, consentStatus = "given" });
            var writesAfterRestart = write.StatusCode;

            await restarted.DisposeAsync();
            var integrity = provider == DatabaseProvider.Sqlite ? await SqliteIntegrityAsync(registry.ConnectionString) : "n/a (PostgreSQL)";

            Figures.Record(output, $"kill-9 during writes ({provider})", new
            {
                writes = operations.Count,
                acknowledged = acked.Count,
                acknowledgedCreates = acked.Count(o => o.Kind == WriteKind.Create),
                acknowledgedEdits = acked.Count(o => o.Kind == WriteKind.Edit),
                unanswered = operations.Count(o => o.Status is null),
                refusedByServer = refusedByServer.Count,
                refusedStatuses = refusedByServer.GroupBy(o => o.Status).ToDictionary(g => g.Key!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()),
                refusedButStored,
                serverErrorButStored = refusedButStoredWrites.Count(o => o.Status is >= 500),
                refusedButStoredDetails = refusedButStoredWrites.Select(o => $"{o.Kind} {o.Status}: {o.Response}").ToList(),
                storedWithoutAcknowledgement = storedUnacknowledged,
                lost = lostCreates + lostEdits,
                lostThroughApi,
                duplicates,
                auditMismatches = auditMismatches.Count + replay.Count,
                integrity,
                restartSeconds = Math.Round(restartSeconds, 1),
            });
            Assert.True(acked.Count > 0, "no write was acknowledged before the kill");
            Assert.True(operations.Any(o => o.Status is null), "the kill came after every write had been answered: it did not interrupt anything");
            Assert.Equal(0, lostCreates);
            Assert.Equal(0, lostEdits);
            Assert.Equal(0, lostThroughApi);
            Assert.Equal(0, duplicates);
            Assert.Equal(0, unexpected);
            Assert.Equal(0, refusedButStored);
            Assert.Empty(auditMismatches);
            Assert.Empty(replay);
            Assert.Equal(HttpStatusCode.Created, writesAfterRestart);
            Assert.Equal(patients.Count, patients.Select(p => p.StudyId).Distinct().Count());
            if (provider == DatabaseProvider.Sqlite)
            {
                Assert.Equal("ok", integrity);
            }
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException or TimeoutException)
        {
            output.WriteLine("--- app output ---\n" + first.Output + "\n--- restarted ---\n" + restarted?.Output);
            throw;
        }
        finally
        {
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    internal static async Task<string> SqliteIntegrityAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }

    private enum WriteKind
    {
        Create,
        Edit,
    }

    /// <summary>One write of the burst and what the client saw of it.</summary>
    private sealed class Write
    {
        public WriteKind Kind { get; private init; }

        public Sex Sex { get; private init; }

        public int BirthYear { get; private init; }

        public Guid? PatientId { get; private set; }

        private int _version;

        /// <summary>The status received, or null when no answer arrived (the connection died with the app).</summary>
        public int? Status { get; private set; }

        public string? Response { get; private set; }

        public bool Acknowledged => Status is >= 200 and < 300;

        public static Write Create(Sex sex, int birthYear) => new() { Kind = WriteKind.Create, Sex = sex, BirthYear = birthYear };

        public static Write Edit(Guid id, int version, int birthYear) => new() { Kind = WriteKind.Edit, PatientId = id, _version = version, BirthYear = birthYear, Sex = Sex.Female };

        public async Task SendAsync(HttpClient client, Guid centreC01)
        {
            try
            {
                using var response = Kind == WriteKind.Create
                    ? await client.PostAsJsonAsync(Api.Path("/api/v1/patients"), new { centreId = centreC01, sex = Sex == Sex.Female ? "female" : "male", birthYear = BirthYear, consentStatus = "given" })
                    : await client.PutAsJsonAsync(Api.Path($"/api/v1/patients/{PatientId}"), new { sex = "female", birthYear = BirthYear, consentStatus = "given", version = _version, reason = "fault test edit" });
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && Kind == WriteKind.Create)
                {
                    PatientId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
                }

                Response = body.Length > 300 ? body[..300] : body;
                Status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // the app was killed before it answered
            }
            catch (IOException)
            {
                // the connection was cut while the answer was read
            }
            catch (JsonException)
            {
                // a truncated answer is no acknowledgement
            }
            catch (TaskCanceledException)
            {
                // no answer within the client's timeout
            }
        }
    }
}

using Microsoft.Data.Sqlite;
using Npgsql;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>
/// A fresh, empty database for one test class: a temporary SQLite file, or a new PostgreSQL database on the
/// server named by <c>RLMS_TEST_POSTGRES</c>. Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RLMS_TEST_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The providers functional tests run on: SQLite always, PostgreSQL when configured (and always on CI).</summary>
    public static IReadOnlyList<DatabaseProvider> Providers
    {
        get
        {
            var configured = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));
            var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            return configured || onCi ? [DatabaseProvider.Sqlite, DatabaseProvider.Postgres] : [DatabaseProvider.Sqlite];
        }
    }

    public static TheoryData<DatabaseProvider> ProviderData
    {
        get
        {
            var data = new TheoryData<DatabaseProvider>();
            foreach (var p in Providers)
            {
                data.Add(p);
            }

            return data;
        }
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
            {
                var path = Path.Combine(Path.GetTempPath(), $"rlms-test-{Guid.NewGuid():N}.db");
                var cs = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = false }.ToString();
                return new TestDatabase(provider, cs, path, null, null);
            }

            case DatabaseProvider.Postgres:
            {
                var admin = Environment.GetEnvironmentVariable(PostgresVariable);
                if (string.IsNullOrWhiteSpace(admin))
                {
                    throw new InvalidOperationException(
                        $"{PostgresVariable} is not set, but PostgreSQL tests are required here (CI=true). .ci/run starts a server and sets it.");
                }

                var name = $"rlms_test_{Guid.NewGuid():N}";
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                    await command.ExecuteNonQueryAsync();
                }

                var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
                return new TestDatabase(provider, cs, null, admin, name);
            }

            default:
                throw new NotSupportedException($"No test database for {provider}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                try
                {
                    File.Delete(_sqlitePath + suffix);
                }
                catch (IOException)
                {
                    // A file still open by a pooled connection is left to the temp folder's cleanup.
                }
            }
        }

        if (_postgresAdmin is not null && _postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
                    await command.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException) when (attempt < 10)
                {
                    // A server process of another role (e.g. autovacuum) is still on the database: it ends by itself soon.
                    await Task.Delay(500);
                }
                catch (PostgresException)
                {
                    return; // leave the uniquely named test database behind rather than fail a passing test
                }
            }
        }
    }
}

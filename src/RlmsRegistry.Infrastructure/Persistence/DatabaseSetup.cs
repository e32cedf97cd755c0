using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>Chooses and configures the EF Core provider from <see cref="DatabaseOptions"/>.</summary>
public static class DatabaseSetup
{
    /// <summary>The embedded default: a SQLite file in a <c>data</c> folder under <paramref name="baseDirectory"/>.</summary>
    public static string DefaultSqliteConnectionString(string baseDirectory)
    {
        var folder = Path.Combine(baseDirectory, "data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "rlms.db"),
            DefaultTimeout = 30,
        }.ToString();
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        var assembly = DatabaseOptions.MigrationsAssembly(provider);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly(assembly));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(assembly));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(WithPostgresPoolLimit(connectionString), o => o.MigrationsAssembly(assembly));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }

    /// <summary>
    /// The most connections one process keeps to PostgreSQL unless the connection string says otherwise
    /// (<c>Maximum Pool Size=N</c>). Npgsql's own default (100) is PostgreSQL's whole default <c>max_connections</c>:
    /// one burst of requests to one node could take every connection slot of the server and be refused
    /// ("too many clients", answered 503), and two nodes and a worker certainly would. With this limit a burst
    /// queues for a pooled connection (up to the pool's <c>Timeout</c>, 15 s) instead.
    /// </summary>
    public const int DefaultPostgresMaxPoolSize = 30;

    /// <summary>The connection string with <see cref="DefaultPostgresMaxPoolSize"/> unless it sets its own pool size.</summary>
    public static string WithPostgresPoolLimit(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Maximum Pool Size") || given.ContainsKey("MaxPoolSize"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultPostgresMaxPoolSize }.ToString();
    }

    /// <summary>
    /// SQLite only: write-ahead logging lets readers and a writer work at once, and the busy timeout
    /// lets two data managers save at the same moment without "database is locked".
    /// </summary>
    public static async Task PrepareSqliteAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}

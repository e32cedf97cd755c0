namespace RlmsRegistry.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

/// <summary>Configuration section <c>Database</c>, with the connection string <c>ConnectionStrings:Registry</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the app starts. On by default only for the embedded SQLite database.</summary>
    public bool? MigrateOnStartup { get; set; }

    public string ConnectionString { get; set; } = string.Empty;

    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "RlmsRegistry.Migrations.Sqlite",
        DatabaseProvider.SqlServer => "RlmsRegistry.Migrations.SqlServer",
        DatabaseProvider.Postgres => "RlmsRegistry.Migrations.Postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

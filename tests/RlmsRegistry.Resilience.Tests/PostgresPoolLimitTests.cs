using Npgsql;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// One process keeps at most <see cref="DatabaseSetup.DefaultPostgresMaxPoolSize"/> PostgreSQL connections unless the
/// connection string sets its own pool size, so a burst of requests queues for a connection instead of taking every
/// connection slot of the server ("too many clients").
/// </summary>
public sealed class PostgresPoolLimitTests
{
    [Fact]
    public void GivenAConnectionStringWithoutAPoolSize_ThenThePoolIsLimited_AndTheRestIsKept()
    {
        var limited = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresPoolLimit("Host=db;Port=5433;Username=rlms;Password=secret;Database=registry"));
        Assert.Equal(DatabaseSetup.DefaultPostgresMaxPoolSize, limited.MaxPoolSize);
        Assert.True(limited.MaxPoolSize < 100, "the pool must stay below PostgreSQL's default max_connections");
        Assert.Equal(("db", 5433, "rlms", "secret", "registry"), (limited.Host, limited.Port, limited.Username, limited.Password, limited.Database));
    }

    [Theory]
    [InlineData("Host=db;Database=registry;Maximum Pool Size=80", 80)]
    [InlineData("Host=db;Database=registry;maxpoolsize=7", 7)]
    public void GivenAConnectionStringWithItsOwnPoolSize_ThenItIsKept(string connectionString, int poolSize)
    {
        Assert.Equal(poolSize, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresPoolLimit(connectionString)).MaxPoolSize);
    }
}

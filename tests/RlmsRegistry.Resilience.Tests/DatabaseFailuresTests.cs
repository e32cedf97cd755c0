using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// Which failures mean "the database is unavailable" (503, try again later) and which are bugs or refusals (500, 409):
/// the errors PostgreSQL and Npgsql give while a server is stopped, refuses connections or ends sessions must be the first.
/// </summary>
public sealed class DatabaseFailuresTests
{
    public static TheoryData<string, string, string> UnavailableOnPostgres => new()
    {
        { "55000", "FATAL", "database is not currently accepting connections" },
        { "57P01", "FATAL", "terminating connection due to administrator command" },
        { "57P03", "FATAL", "the database system is starting up" },
        { "3D000", "FATAL", "database does not exist" },
        { "53300", "FATAL", "sorry, too many clients already" },
        { "08006", "ERROR", "connection failure" },
        { "25006", "ERROR", "cannot execute INSERT in a read-only transaction" },
        { "53100", "ERROR", "could not extend file: No space left on device" },
    };

    public static TheoryData<string, string> NotUnavailableOnPostgres => new()
    {
        { "23505", "duplicate key value violates unique constraint" },
        { "40001", "could not serialize access due to concurrent update" },
        { "42P01", "relation does not exist" },
        { "55000", "object not in prerequisite state" }, // an ERROR, not the refused connection (FATAL)
    };

    [Theory]
    [MemberData(nameof(UnavailableOnPostgres))]
    public void GivenAPostgresErrorOfAnUnreachableDatabase_ThenItIsUnavailable(string sqlState, string severity, string message)
    {
        var error = new PostgresException(message, severity, severity, sqlState);
        Assert.True(DatabaseFailures.IsUnavailable(error));
        // As EF and the application see it: wrapped.
        Assert.True(DatabaseFailures.IsUnavailable(new DbUpdateException("An error occurred while saving the entity changes.", error)));
        Assert.True(DatabaseFailures.IsUnavailable(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", error)));
    }

    [Theory]
    [MemberData(nameof(NotUnavailableOnPostgres))]
    public void GivenAPostgresErrorOfTheStatementItself_ThenItIsNotUnavailable(string sqlState, string message)
    {
        Assert.False(DatabaseFailures.IsUnavailable(new PostgresException(message, "ERROR", "ERROR", sqlState)));
    }

    [Fact]
    public void GivenNpgsqlFailuresWithoutAServerAnswer_ThenTheyAreUnavailable()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' or 'Timeout'.", new TimeoutException())));
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
    }

    [Fact]
    public void GivenSqliteFailures_ThenLockedReadOnlyAndMissingFilesAreUnavailable_AndConstraintsAreNot()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new SqliteException("database is locked", 5)));
        Assert.True(DatabaseFailures.IsUnavailable(new SqliteException("attempt to write a readonly database", 8)));
        Assert.True(DatabaseFailures.IsUnavailable(new SqliteException("unable to open database file", 14)));
        Assert.False(DatabaseFailures.IsUnavailable(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(DatabaseFailures.IsUnavailable(new DbUpdateConcurrencyException("changed by someone else")));
    }
}

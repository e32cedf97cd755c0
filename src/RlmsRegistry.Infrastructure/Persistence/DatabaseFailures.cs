using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>
/// Tells a database that cannot be reached or written (a read-only or missing SQLite file, a full disk, a server that
/// is down, read-only or refusing connections) from a bug: the first is answered 503 (try again later), the second 500.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26:
                    return true;
                // Connection exceptions, insufficient resources (too many connections, disk full), operator intervention
                // (shutdown, terminated session), a read-only transaction; and every error that ends the session (FATAL:
                // a database that does not accept connections (55000), does not exist (3D000), refuses the login).
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "25006"
                                               || pg.InvariantSeverity is "FATAL" or "PANIC":
                    return true;
                case PostgresException:
                    return false;
                // Npgsql's own failures (no server answer: refused, reset, timed out; the connection pool exhausted).
                case NpgsqlException:
                    return true;
                // Timeout, cannot open database, database unavailable, read-only database, network errors.
                case SqlException sql when sql.Number is -2 or 53 or 233 or 4060 or 3906 or 40613 or 10053 or 10054 or 10060 or 10061:
                    return true;
                case TimeoutException or System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }
}

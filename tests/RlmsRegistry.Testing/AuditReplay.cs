using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>
/// An independent check of the audit trail: replaying every audit entry (insert values, then each update's new values,
/// then deletes) must rebuild exactly the registry rows in the database. A create, update or delete that escaped the
/// audit — or was audited without its old and new values — makes the replay differ from the stored data.
/// </summary>
public static class AuditReplay
{
    private static readonly HashSet<string> Unaudited = ["Version"];

    /// <summary>Returns the differences between the replayed audit trail and the database (empty when they agree).</summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:audit-replay");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var domain = typeof(RlmsRegistry.Domain.Patients.Patient).Assembly;
        var differences = new List<string>();

        foreach (var type in db.Model.GetEntityTypes().Where(t => t.ClrType.Assembly == domain && !t.IsOwned()))
        {
            var name = type.ClrType.Name;
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == name).OrderBy(a => a.Id).ToListAsync();
            var replayed = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var changes = JsonSerializer.Deserialize<List<Change>>(entry.Changes) ?? [];
                switch (entry.Action)
                {
                    case "Insert":
                        replayed[entry.EntityKey] = changes.ToDictionary(c => c.Field, c => c.New, StringComparer.Ordinal);
                        break;
                    case "Update" when replayed.TryGetValue(entry.EntityKey, out var row):
                        foreach (var c in changes)
                        {
                            if (!string.Equals(row.GetValueOrDefault(c.Field), c.Old, StringComparison.Ordinal))
                            {
                                differences.Add($"{name} {entry.EntityKey}: audit entry {entry.Id} says {c.Field} was '{c.Old}', replay has '{row.GetValueOrDefault(c.Field)}'");
                            }

                            row[c.Field] = c.New;
                        }

                        break;
                    case "Update":
                        differences.Add($"{name} {entry.EntityKey}: updated (entry {entry.Id}) without an audited insert");
                        break;
                    case "Delete":
                        replayed.Remove(entry.EntityKey);
                        break;
                }
            }

            var rows = await RowsAsync(db, type.ClrType);
            var key = type.FindPrimaryKey()!;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var entity = db.Entry(row);
                var id = string.Join("|", key.Properties.Select(p => Format(entity.Property(p.Name).CurrentValue)));
                seen.Add(id);
                if (!replayed.TryGetValue(id, out var expected))
                {
                    differences.Add($"{name} {id}: in the database but never audited as inserted");
                    continue;
                }

                foreach (var property in type.GetProperties().Where(p => !Unaudited.Contains(p.Name)))
                {
                    var actual = Format(entity.Property(property.Name).CurrentValue);
                    if (!string.Equals(expected.GetValueOrDefault(property.Name), actual, StringComparison.Ordinal))
                    {
                        differences.Add($"{name} {id}: {property.Name} is '{actual}' but the audit trail replays to '{expected.GetValueOrDefault(property.Name)}'");
                    }
                }
            }

            foreach (var gone in replayed.Keys.Where(k => !seen.Contains(k)))
            {
                differences.Add($"{name} {gone}: audited as present but missing from the database (a delete was not audited)");
            }
        }

        return differences;
    }

    private static async Task<List<object>> RowsAsync(RegistryDbContext db, Type clrType)
    {
        var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(clrType).Invoke(db, null)!;
        return await set.IgnoreQueryFilters().AsNoTracking().ToListAsync();
    }

    /// <summary>The same invariant formatting the audit trail uses.</summary>
    private static string? Format(object? value) => value switch
    {
        null => null,
        // Decimals without trailing zeros: 1.4 entered and 1.400 read back from numeric(9,3) are the same value.
        decimal d => d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed record Change(string Field, string? Old, string? New);
}

using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Monitoring;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Audit;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>
/// The registry database: Identity, registry data and the audit trail, on SQLite, SQL Server or PostgreSQL.
/// Centre-owned rows are filtered to the current user's centres by query filters; every save bumps the
/// versions of changed records and writes the audit trail in the same transaction.
/// </summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options, ICurrentUser currentUser)
    : IdentityDbContext<ApplicationUser, ApplicationRole, Guid>(options), IRegistryDbContext, IDataProtectionKeyContext
{
    private static readonly JsonSerializerOptions AuditJson = new() { WriteIndented = false };
    /// <summary>Never written to the audit trail: bookkeeping and derived copies.</summary>
    private static readonly HashSet<string> UnauditedProperties =
    [
        "Version", nameof(ApplicationUser.ConcurrencyStamp), nameof(ApplicationUser.NormalizedEmail), nameof(ApplicationUser.NormalizedUserName),
    ];

    /// <summary>
    /// Secrets of the sign-in: that they changed is audited (a password set, every session ended), their values never —
    /// the trail shows <see cref="SecretMark"/> in their place.
    /// </summary>
    private static readonly HashSet<string> SecretProperties = [nameof(ApplicationUser.PasswordHash), nameof(ApplicationUser.SecurityStamp)];

    internal const string SecretMark = "(secret)";
    private string? _changeReason;

    public DbSet<Centre> Centres => Set<Centre>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Operation> Operations => Set<Operation>();

    public DbSet<Pathology> PathologyReports => Set<Pathology>();

    public DbSet<LabPanel> LabPanels => Set<LabPanel>();

    public DbSet<FollowUpEvent> FollowUpEvents => Set<FollowUpEvent>();

    public DbSet<DataQuery> DataQueries => Set<DataQuery>();

    public DbSet<UserCentre> UserCentres => Set<UserCentre>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AnalysisSnapshot> AnalysisSnapshots => Set<AnalysisSnapshot>();

    public DbSet<AnalysisRun> AnalysisRuns => Set<AnalysisRun>();

    public IQueryable<AuditEntry> AuditTrail => Set<AuditEntry>().AsNoTracking();

    /// <summary>Data-protection keys shared by every web node, so sign-ins and tokens survive restarts and load balancing.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Read by the query filters each time a query runs, so one model serves every user.</summary>
    internal bool SeesAllCentres => currentUser.SeesAllCentres;

    internal List<Guid> AccessibleCentreIds => [.. currentUser.CentreIds];

    public void SetChangeReason(string? reason) => _changeReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        List<AuditEntry> audit;
        try
        {
            // Changes were detected once above; each ChangeTracker.Entries() call would otherwise detect them again
            // across every tracked entity (a large save, e.g. an import, would scan the tracker many times).
            ChangeTracker.AutoDetectChangesEnabled = false;
            var owners = TrackedOwners.Of(ChangeTracker);
            GuardAuditTrail();
            BumpVersions(owners);
            audit = await WriteAuditTrailAsync(owners, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch
        {
            // The transaction rolled back: the audit lines of this attempt must not ride along with a retry.
            foreach (var entry in audit)
            {
                Entry(entry).State = EntityState.Detached;
            }

            throw;
        }
        finally
        {
            _changeReason = null;
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);

        builder.Entity<Patient>().HasQueryFilter(p => SeesAllCentres || AccessibleCentreIds.Contains(p.CentreId));
        // The forms inherit their patient's centre scope (the patient's own filter applies inside the sub-query).
        builder.Entity<Operation>().HasQueryFilter(o => SeesAllCentres || Set<Patient>().Any(p => p.Id == o.PatientId));
        builder.Entity<FollowUpEvent>().HasQueryFilter(e => SeesAllCentres || Set<Patient>().Any(p => p.Id == e.PatientId));
        builder.Entity<Pathology>().HasQueryFilter(x => SeesAllCentres || Set<Operation>().Any(o => o.Id == x.OperationId));
        builder.Entity<LabPanel>().HasQueryFilter(x => SeesAllCentres || Set<Operation>().Any(o => o.Id == x.OperationId));
        builder.Entity<DataQuery>().HasQueryFilter(q => SeesAllCentres || AccessibleCentreIds.Contains(q.CentreId));

        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date-time-offset type; store UTC ticks so ordering and ranges work as on the servers.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
    }

    private void GuardAuditTrail()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only: they cannot be changed or deleted.");
        }

        if (ChangeTracker.Entries<AnalysisSnapshot>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Analysis snapshots are immutable: they cannot be changed or deleted.");
        }
    }

    private void BumpVersions(TrackedOwners owners)
    {
        // A change to any form is a change to its patient's case: the patient's version moves too, so two people
        // adding forms to one patient at the same moment (say, two primary operations) cannot both succeed.
        var patientIds = ChangeTracker.Entries<ClinicalForm>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => RecordOwnership.PatientIdOf(e.Entity, owners.PatientOfOperation))
            .OfType<Guid>()
            .ToHashSet();
        foreach (var patient in ChangeTracker.Entries<Patient>().Where(p => p.State == EntityState.Unchanged && patientIds.Contains(p.Entity.Id)))
        {
            patient.State = EntityState.Modified;
        }

        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.BumpVersion();
                if (entry.State == EntityState.Modified)
                {
                    // Changes were detected above; with automatic detection off (the bulk path) nothing would notice this one.
                    entry.Property(nameof(IVersioned.Version)).IsModified = true;
                }
            }
        }
    }

    private async Task<List<AuditEntry>> WriteAuditTrailAsync(TrackedOwners owners, CancellationToken ct)
    {
        var written = new List<AuditEntry>();
        var now = DateTimeOffset.UtcNow;
        var formReasons = ChangeTracker.Entries<ClinicalForm>()
            .SelectMany(e => e.Entity.TakePendingChanges())
            .Where(c => c.Reason is not null)
            .GroupBy(c => c.FormId)
            .ToDictionary(g => g.Key, g => g.Last().Reason);
        var entries = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsAudited(e))
            .ToList();
        foreach (var entry in entries)
        {
            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                continue;
            }

            var line = new AuditEntry
            {
                At = now,
                UserId = currentUser.UserId,
                UserName = currentUser.Name,
                CentreId = await CentreOfAsync(entry.Entity, owners, ct),
                PatientId = await PatientOfAsync(entry.Entity, owners, ct),
                Entity = entry.Metadata.ClrType.Name,
                EntityKey = KeyOf(entry),
                Action = entry.State switch
                {
                    EntityState.Added => "Insert",
                    EntityState.Deleted => "Delete",
                    _ => "Update",
                },
                Changes = JsonSerializer.Serialize(changes, AuditJson),
                Reason = entry.Entity is ClinicalForm form && formReasons.TryGetValue(form.Id, out var reason) ? reason : _changeReason,
            };
            AuditEntries.Add(line);
            written.Add(line);
        }

        return written;
    }

    /// <remarks>
    /// A refit request (an <see cref="AnalysisRun"/> inserted) is audited with its trigger and
    /// the acting account (issue 18); the job's progress updates to the run are not (they are the job's, not a person's).
    /// </remarks>
    private static bool IsAudited(EntityEntry entry) =>
        entry.Entity is not AuditEntry
        && (entry.Metadata.ClrType.Assembly == typeof(Patient).Assembly
            || entry.Entity is UserCentre or IdentityUserRole<Guid> or ApplicationUser
            || (entry.Entity is AnalysisRun && entry.State == EntityState.Added));

    private static List<AuditChange> Changes(EntityEntry entry)
    {
        var list = new List<AuditChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (UnauditedProperties.Contains(name))
            {
                continue;
            }

            if (SecretProperties.Contains(name))
            {
                if (entry.State == EntityState.Modified && property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
                {
                    list.Add(new AuditChange(name, property.OriginalValue is null ? null : SecretMark, property.CurrentValue is null ? null : SecretMark));
                }

                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    list.Add(new AuditChange(name, null, Format(property.CurrentValue)));
                    break;
                case EntityState.Deleted:
                    list.Add(new AuditChange(name, Format(property.OriginalValue), null));
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    list.Add(new AuditChange(name, Format(property.OriginalValue), Format(property.CurrentValue)));
                    break;
            }
        }

        return list;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        // Decimals without trailing zeros: 1.4 entered and 1.400 read back from numeric(9,3) are the same value.
        decimal d => d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture),
        // Timestamps (UTC, to the second) and dates in ISO 8601, whatever the culture.
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// The centre a record belongs to: from the record, or for a form from its patient (<see cref="RecordOwnership"/>),
    /// tracked or else read.
    /// </summary>
    private async Task<Guid?> CentreOfAsync(object entity, TrackedOwners owners, CancellationToken ct) => entity switch
    {
        ICentreOwned owned => owned.CentreId,
        Centre centre => centre.Id,
        UserCentre assignment => assignment.CentreId,
        ClinicalForm form => await PatientOfFormAsync(form, owners, ct) is { } patientId
            ? owners.CentreOfPatient(patientId) ?? await RecordOwnership.CentreIdAsync(this, RecordRef.ForPatient(patientId), ct)
            : null,
        _ => null,
    };

    /// <summary>The patient whose case a record belongs to, or null for records outside a case (centres, accounts).</summary>
    private async Task<Guid?> PatientOfAsync(object entity, TrackedOwners owners, CancellationToken ct) => entity switch
    {
        Patient patient => patient.Id,
        DataQuery query => query.PatientId,
        ClinicalForm form => await PatientOfFormAsync(form, owners, ct),
        _ => null,
    };

    private async Task<Guid?> PatientOfFormAsync(ClinicalForm form, TrackedOwners owners, CancellationToken ct) =>
        RecordOwnership.PatientIdOf(form, owners.PatientOfOperation)
        ?? await RecordOwnership.PatientIdAsync(this, RecordOwnership.OwnerOf(form), ct);

    /// <summary>
    /// Operation → patient and patient → centre of the tracked records, read once per save: looking them up in the
    /// change tracker once per form made large saves (an import of thousands of patients) quadratic.
    /// </summary>
    private sealed class TrackedOwners
    {
        private readonly Dictionary<Guid, Guid> _operationPatients = [];
        private readonly Dictionary<Guid, Guid> _patientCentres = [];

        public static TrackedOwners Of(ChangeTracker tracker)
        {
            var owners = new TrackedOwners();
            foreach (var operation in tracker.Entries<Operation>())
            {
                owners._operationPatients[operation.Entity.Id] = operation.Entity.PatientId;
            }

            foreach (var patient in tracker.Entries<Patient>())
            {
                owners._patientCentres[patient.Entity.Id] = patient.Entity.CentreId;
            }

            return owners;
        }

        public Guid? PatientOfOperation(Guid operationId) => _operationPatients.TryGetValue(operationId, out var patientId) ? patientId : null;

        public Guid? CentreOfPatient(Guid patientId) => _patientCentres.TryGetValue(patientId, out var centreId) ? centreId : null;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return string.Empty;
        }

        return string.Join("|", key.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));
    }

    private sealed record AuditChange(string Field, string? Old, string? New);
}

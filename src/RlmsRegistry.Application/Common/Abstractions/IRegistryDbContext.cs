using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Audit;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Monitoring;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Common.Abstractions;

/// <summary>
/// The registry's data, as handlers see it. Centre-owned sets are already filtered to the caller's centres
/// (a query filter driven by <see cref="ICurrentUser"/>); handlers check scope again explicitly.
/// </summary>
public interface IRegistryDbContext
{
    DbSet<Centre> Centres { get; }

    DbSet<Patient> Patients { get; }

    DbSet<Operation> Operations { get; }

    DbSet<Pathology> PathologyReports { get; }

    DbSet<LabPanel> LabPanels { get; }

    DbSet<FollowUpEvent> FollowUpEvents { get; }

    /// <summary>Monitors' data queries on forms (centre-scoped like the forms).</summary>
    DbSet<DataQuery> DataQueries { get; }

    /// <summary>Published analysis snapshots (insert-only; the newest is current).</summary>
    DbSet<AnalysisSnapshot> AnalysisSnapshots { get; }

    /// <summary>Refit runs and their status.</summary>
    DbSet<AnalysisRun> AnalysisRuns { get; }

    /// <summary>The audit trail, read-only: entries are written by the context itself on every save.</summary>
    IQueryable<AuditEntry> AuditTrail { get; }

    /// <summary>Records the reason the user gave for the change being saved, for the audit trail.</summary>
    void SetChangeReason(string? reason);

    /// <summary>Transactions and set-based statements (the case lock of <see cref="Behaviours.CaseLockBehaviour{TMessage, TResponse}"/>).</summary>
    DatabaseFacade Database { get; }

    /// <summary>The tracked records: bulk writers (the registry import) save in batches and empty it between them.</summary>
    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Audit;
using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Persistence;

/// <summary>
/// Keeps the process's short-lived caches honest (ADR 0016): every save through a registry context that writes an
/// account's security stamp, removes an account or changes a session forgets the remembered session checks
/// (<see cref="SessionCheckCache"/>); every save that writes a snapshot forgets the remembered newest snapshot
/// and the overview's registry-data audit mark (<see cref="SnapshotCache"/>); a save that audits registry data forgets
/// that mark. All are forgotten before the save, after it, and once more when the transaction
/// the save ran in commits, so a reader who looked between the write and its commit cannot keep what it saw.
/// Writes that bypass the change tracker (<c>ExecuteUpdate</c>: <see cref="SessionStore.RevokeAsync"/>) call
/// <see cref="AccountsChanged"/> themselves.
/// </summary>
public sealed class CacheInvalidation(SessionCheckCache sessionChecks, SnapshotCache snapshotCache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    /// <summary>Stamps or sessions changed through <paramref name="db"/> (already written, perhaps not yet committed).</summary>
    public void AccountsChanged(DbContext db) => Changed(db, accounts: true, snapshots: false);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>What a pending save of <paramref name="db"/> changes that a cache remembers (registry data: the overview's audit mark).</summary>
    public static (bool Accounts, bool Snapshots) WhatChanges(DbContext db)
    {
        bool accounts = false, snapshots = false;
        foreach (var e in db.ChangeTracker.Entries())
        {
            switch (e.Entity)
            {
                case ApplicationUser when e.State == EntityState.Deleted
                    || (e.State == EntityState.Modified && e.Property(nameof(ApplicationUser.SecurityStamp)).IsModified):
                case UserSession when e.State is EntityState.Deleted or EntityState.Modified:
                    accounts = true;
                    break;
                case AnalysisSnapshot when e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified:
                case AuditEntry { } audit when e.State == EntityState.Added && AuditEntry.RegistryDataEntities.Contains(audit.Entity):
                    snapshots = true;
                    break;
            }
        }

        return (accounts, snapshots);
    }

    private void Saving(DbContext? db)
    {
        if (db is not null && WhatChanges(db) is { } what && (what.Accounts || what.Snapshots))
        {
            Changed(db, what.Accounts, what.Snapshots, saving: true);
        }
    }

    private void Saved(DbContext? db)
    {
        if (db is not null && _pending.TryGetValue(db, out var pending) && pending.Saving)
        {
            Forget(pending.Accounts, pending.Snapshots);
            pending.Saving = false;
            if (db.Database.CurrentTransaction is null)
            {
                _pending.Remove(db);
            }
        }
    }

    /// <summary>The transaction ended: what it changed is now what every reader sees (or was never written); forget once more.</summary>
    private void Ended(DbContext? db)
    {
        if (db is not null && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            Forget(pending.Accounts, pending.Snapshots);
        }
    }

    private void Changed(DbContext db, bool accounts, bool snapshots, bool saving = false)
    {
        if (saving || db.Database.CurrentTransaction is not null)
        {
            var pending = _pending.GetValue(db, _ => new Pending());
            pending.Accounts |= accounts;
            pending.Snapshots |= snapshots;
            pending.Saving |= saving;
        }

        Forget(accounts, snapshots);
    }

    private void Forget(bool accounts, bool snapshots)
    {
        if (accounts)
        {
            sessionChecks.Forget();
        }

        if (snapshots)
        {
            snapshotCache.Forget();
            snapshotCache.ForgetDataMark();
        }
    }

    private sealed class Pending
    {
        public bool Accounts { get; set; }

        public bool Snapshots { get; set; }

        public bool Saving { get; set; }
    }
}

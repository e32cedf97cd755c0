using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure.Analysis;

/// <summary>
/// Reads every centre's patients for the analysis dataset. <see cref="EntityFrameworkQueryableExtensions.IgnoreQueryFilters{TEntity}(IQueryable{TEntity})"/>
/// is deliberate and confined to this class: the dataset is de-identified and pooled across centres, and is only reachable
/// through a query authorised for Admin and Investigator (who have no centre assignment). Patients whose consent is
/// withdrawn are excluded here, at the source. Patients are read untracked in pages of <see cref="PageSize"/> in study-ID
/// order, each page as split queries (patients; operations with their pathology and labs; follow-up events), so the number of
/// queries grows with the number of pages, never with the number of patients (no N+1). A page starts after the last study
/// ID of the one before (keyset paging on the unique index), so no page re-reads the patients before it: with OFFSET
/// paging every query of page k skipped k pages of rows again, and reading 100,000 patients cost a quadratic number of
/// row lookups.
/// </summary>
public sealed class AnalysisDatasetSource(RegistryDbContext db) : IAnalysisDatasetSource
{
    public const int BatchSize = 2_000;

    /// <summary>Patients per page (<see cref="BatchSize"/>; tests use small pages to cross page boundaries).</summary>
    public int PageSize { get; init; } = BatchSize;

    public async Task<long> ReadConsistentlyAsync(Action<AnalysisPatient> visit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ConsistentReadIsolation(), cancellationToken);
        var highWaterMark = await db.AuditEntries.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        await foreach (var patient in PatientsAsync(cancellationToken))
        {
            visit(patient);
        }

        await transaction.CommitAsync(cancellationToken);
        return highWaterMark;
    }

    public async IAsyncEnumerable<AnalysisPatient> PatientsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var centres = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        string? after = null;
        while (true)
        {
            var page = db.Patients
                .IgnoreQueryFilters()
                .AsNoTracking()
                .Where(p => p.ConsentStatus != ConsentStatus.Withdrawn);
            if (after is not null)
            {
                // The database compares as it orders (same column, same collation), so pages neither overlap nor skip.
                page = page.Where(p => string.Compare(p.StudyId, after) > 0);
            }

            var batch = await page
                .OrderBy(p => p.StudyId)
                .Take(PageSize)
                .Include(p => p.Operations).ThenInclude(o => o.Pathology)
                .Include(p => p.Operations).ThenInclude(o => o.LabPanel)
                .Include(p => p.FollowUpEvents)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var patient in batch)
            {
                yield return new AnalysisPatient(patient, centres.GetValueOrDefault(patient.CentreId, "?"));
            }

            if (batch.Count < PageSize)
            {
                yield break;
            }

            after = batch[^1].StudyId;
        }
    }

    private IsolationLevel ConsistentReadIsolation() =>
        db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead
        : db.Database.IsSqlServer() ? IsolationLevel.Snapshot
        : IsolationLevel.Serializable;
}

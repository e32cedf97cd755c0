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
/// withdrawn are excluded here, at the source. Patients are read untracked in pages of <see cref="BatchSize"/>, each page
/// with four split queries (patients, operations + pathology + labs, follow-up events), so the cost grows with the number
/// of pages, never with the number of patients (no N+1).
/// </summary>
public sealed class AnalysisDatasetSource(RegistryDbContext db) : IAnalysisDatasetSource
{
    public const int BatchSize = 2_000;

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
        for (var skip = 0; ; skip += BatchSize)
        {
            var batch = await db.Patients
                .IgnoreQueryFilters()
                .AsNoTracking()
                .Where(p => p.ConsentStatus != ConsentStatus.Withdrawn)
                .OrderBy(p => p.StudyId)
                .Skip(skip)
                .Take(BatchSize)
                .Include(p => p.Operations).ThenInclude(o => o.Pathology)
                .Include(p => p.Operations).ThenInclude(o => o.LabPanel)
                .Include(p => p.FollowUpEvents)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var patient in batch)
            {
                yield return new AnalysisPatient(patient, centres.GetValueOrDefault(patient.CentreId, "?"));
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }

    private IsolationLevel ConsistentReadIsolation() =>
        db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead
        : db.Database.IsSqlServer() ? IsolationLevel.Snapshot
        : IsolationLevel.Serializable;
}

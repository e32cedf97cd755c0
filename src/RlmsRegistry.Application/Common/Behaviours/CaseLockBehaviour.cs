using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>A change to a patient's case (a form added, edited, completed, locked or removed): see <see cref="CaseLockBehaviour{TMessage, TResponse}"/>.</summary>
public interface ICaseChange : IRecordScoped;

/// <summary>
/// Serialises the changes to one patient's case instead of failing all but one of them. Before the handler loads the
/// case, the patient's row is locked inside a transaction (an update that writes the version onto itself: a row lock
/// on PostgreSQL and SQL Server, the write lock on SQLite), so the handler reads the case as the previous change left
/// it and its save cannot lose a race. Two data managers adding events to one patient at once both succeed; the
/// domain's rules across the case (one primary operation, nothing after death) still see every committed form; and a
/// stale edit of the same form is still refused by its version (409). Joins a transaction the caller already opened
/// (the idempotency filter's), and then leaves committing to it.
/// </summary>
public sealed class CaseLockBehaviour<TMessage, TResponse>(IRegistryDbContext db) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not ICaseChange { Record: { } record })
        {
            return await next(message, cancellationToken);
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (await RecordOwnership.PatientIdAsync(db, record, cancellationToken) is { } patientId)
        {
            await db.Patients.IgnoreQueryFilters().Where(p => p.Id == patientId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version), cancellationToken);
        }

        var response = await next(message, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return response;
    }
}

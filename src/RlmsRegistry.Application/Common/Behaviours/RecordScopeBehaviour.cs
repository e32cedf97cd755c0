using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>Refuses, as not found, any request about a record of a centre the caller cannot see (see <see cref="IRecordScoped"/>).</summary>
public sealed class RecordScopeBehaviour<TMessage, TResponse>(IRegistryDbContext db, ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IRecordScoped { Record: { } record } && !user.SeesAllCentres)
        {
            var centre = await CentreOfAsync(record, cancellationToken);
            if (centre is null || !user.CanAccessCentre(centre.Value))
            {
                throw NotFoundException.For(record.Kind.ToString(), record.Id);
            }
        }

        return await next(message, cancellationToken);
    }

    private Task<Guid?> CentreOfAsync(RecordRef record, CancellationToken ct)
    {
        var id = record.Id;
        return record.Kind switch
        {
            RecordKind.Patient => db.Patients.Where(p => p.Id == id).Select(p => (Guid?)p.CentreId).FirstOrDefaultAsync(ct),
            RecordKind.Operation => (from o in db.Operations join p in db.Patients on o.PatientId equals p.Id where o.Id == id select (Guid?)p.CentreId).FirstOrDefaultAsync(ct),
            RecordKind.FollowUpEvent => (from e in db.FollowUpEvents join p in db.Patients on e.PatientId equals p.Id where e.Id == id select (Guid?)p.CentreId).FirstOrDefaultAsync(ct),
            RecordKind.Pathology => (from x in db.PathologyReports join o in db.Operations on x.OperationId equals o.Id join p in db.Patients on o.PatientId equals p.Id where x.Id == id select (Guid?)p.CentreId).FirstOrDefaultAsync(ct),
            RecordKind.LabPanel => (from x in db.LabPanels join o in db.Operations on x.OperationId equals o.Id join p in db.Patients on o.PatientId equals p.Id where x.Id == id select (Guid?)p.CentreId).FirstOrDefaultAsync(ct),
            RecordKind.DataQuery => db.DataQueries.Where(q => q.Id == id).Select(q => (Guid?)q.CentreId).FirstOrDefaultAsync(ct),
            _ => Task.FromResult<Guid?>(null),
        };
    }
}

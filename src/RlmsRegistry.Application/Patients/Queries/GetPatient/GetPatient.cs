using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Patients.Queries.GetPatient;

[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetPatientQuery(Guid Id) : IQuery<PatientDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForPatient(Id);
}

public sealed class GetPatientHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<GetPatientQuery, PatientDto>
{
    public async ValueTask<PatientDto> Handle(GetPatientQuery query, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == query.Id)
            .ProjectToDto(db.Centres.AsNoTracking())
            .SingleOrDefaultAsync(cancellationToken);
        if (patient is null || !user.CanAccessCentre(patient.CentreId))
        {
            throw NotFoundException.For("Patient", query.Id);
        }

        return patient;
    }
}

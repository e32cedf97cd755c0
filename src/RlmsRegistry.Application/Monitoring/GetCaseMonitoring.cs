using Mediator;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Domain.Clinical;
using Microsoft.EntityFrameworkCore;

namespace RlmsRegistry.Application.Monitoring;

/// <summary>A form's source-data verification: verified (by whom, when), or why a former mark was lost.</summary>
public sealed record FormVerificationDto(Guid FormId, bool IsVerified, string? VerifiedBy, DateTimeOffset? VerifiedAt, string? LostReason);

/// <summary>The monitoring state of one patient's case: every form's verification and every data query, newest first.</summary>
public sealed record CaseMonitoringDto(Guid PatientId, IReadOnlyDictionary<Guid, FormVerificationDto> Verification, IReadOnlyList<DataQueryDto> Queries)
{
    public IEnumerable<DataQueryDto> QueriesOf(Guid formId) => Queries.Where(q => q.FormId == formId);
}

/// <summary>What the patient page and the form pages show of monitoring (one read per page).</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetCaseMonitoringQuery(Guid PatientId) : IQuery<CaseMonitoringDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForPatient(PatientId);
}

public sealed class GetCaseMonitoringHandler(IRegistryDbContext db, ICurrentUser user) : IQueryHandler<GetCaseMonitoringQuery, CaseMonitoringDto>
{
    public async ValueTask<CaseMonitoringDto> Handle(GetCaseMonitoringQuery query, CancellationToken cancellationToken)
    {
        var patient = await ClinicalRecords.LoadPatientAsync(db, user, query.PatientId, tracking: false, cancellationToken);
        IEnumerable<ClinicalForm> forms = patient.Operations.SelectMany(o => new ClinicalForm?[] { o, o.Pathology, o.LabPanel }).OfType<ClinicalForm>()
            .Concat(patient.FollowUpEvents);
        var verification = forms.ToDictionary(f => f.Id, f => new FormVerificationDto(f.Id, f.IsVerified, f.VerifiedBy, f.VerifiedAt, f.VerificationLostReason));
        var queries = await DataQueryReads.Scoped(db, user).Where(q => q.PatientId == patient.Id)
            .OrderByDescending(q => q.OpenedAt).ThenByDescending(q => q.Id).ToListAsync(cancellationToken);
        return new CaseMonitoringDto(patient.Id, verification, await DataQueryReads.ToDtosAsync(db, queries, cancellationToken));
    }
}

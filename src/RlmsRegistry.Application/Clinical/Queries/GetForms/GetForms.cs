using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical.Queries.GetForms;

/// <summary>One operation form (users of the patient's centre, admins).</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetOperationQuery(Guid Id) : IQuery<OperationDto>, IRecordScoped
{
    public RecordRef? Record => new RecordRef(FormKind.Operation, Id);
}

/// <summary>The pathology report of an operation; not found while none is recorded.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetPathologyQuery(Guid OperationId) : IQuery<PathologyDto>, IRecordScoped
{
    public RecordRef? Record => new RecordRef(FormKind.Operation, OperationId);
}

/// <summary>The pre-operative laboratory panel of an operation; not found while none is recorded.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetLabPanelQuery(Guid OperationId) : IQuery<LabPanelDto>, IRecordScoped
{
    public RecordRef? Record => new RecordRef(FormKind.Operation, OperationId);
}

/// <summary>One follow-up event.</summary>
[AuthorizeRequest(Roles.Admin, Roles.DataManager, Roles.Monitor)]
public sealed record GetFollowUpEventQuery(Guid Id) : IQuery<FollowUpEventDto>, IRecordScoped
{
    public RecordRef? Record => new RecordRef(FormKind.FollowUpEvent, Id);
}

/// <summary>Reads load the patient's record untracked (the derived values need the aggregate) and check its centre.</summary>
public sealed class GetFormHandlers(IRegistryDbContext db, ICurrentUser user)
    : IQueryHandler<GetOperationQuery, OperationDto>,
      IQueryHandler<GetPathologyQuery, PathologyDto>,
      IQueryHandler<GetLabPanelQuery, LabPanelDto>,
      IQueryHandler<GetFollowUpEventQuery, FollowUpEventDto>
{
    public async ValueTask<OperationDto> Handle(GetOperationQuery query, CancellationToken cancellationToken)
    {
        var (_, operation) = await ClinicalRecords.LoadOperationAsync(db, user, query.Id, tracking: false, cancellationToken);
        return operation.ToDto();
    }

    public async ValueTask<PathologyDto> Handle(GetPathologyQuery query, CancellationToken cancellationToken)
    {
        var (_, operation) = await ClinicalRecords.LoadOperationAsync(db, user, query.OperationId, tracking: false, cancellationToken);
        return operation.Pathology?.ToDto() ?? throw new NotFoundException($"Operation {query.OperationId} has no pathology report yet.");
    }

    public async ValueTask<LabPanelDto> Handle(GetLabPanelQuery query, CancellationToken cancellationToken)
    {
        var (_, operation) = await ClinicalRecords.LoadOperationAsync(db, user, query.OperationId, tracking: false, cancellationToken);
        return operation.LabPanel?.ToDto(operation.Date) ?? throw new NotFoundException($"Operation {query.OperationId} has no laboratory panel yet.");
    }

    public async ValueTask<FollowUpEventDto> Handle(GetFollowUpEventQuery query, CancellationToken cancellationToken)
    {
        var (_, form) = await ClinicalRecords.LoadFormAsync(db, user, FormKind.FollowUpEvent, query.Id, tracking: false, cancellationToken);
        return ((FollowUpEvent)form).ToDto();
    }
}

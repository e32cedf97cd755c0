using RlmsRegistry.Application.Common.Behaviours;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical.Commands.CompleteForm;

/// <summary>A data manager marks a form Complete (Draft → Complete); refused, naming each field, while a mandatory field is empty.</summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record CompleteFormCommand(FormKind Kind, Guid Id, int? Version = null) : ICommand<FormRef>, ICaseChange
{
    public RecordRef? Record => new RecordRef(Kind, Id);
}

public sealed class CompleteFormHandler(IRegistryDbContext db, ICurrentUser user) : ICommandHandler<CompleteFormCommand, FormRef>
{
    public async ValueTask<FormRef> Handle(CompleteFormCommand command, CancellationToken cancellationToken)
    {
        var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, command.Kind, command.Id, tracking: true, cancellationToken);
        ClinicalRecords.EnsureNotLocked(form);
        ClinicalRecords.CheckVersion(form, command.Version);
        ClinicalRecords.Complete(form);
        await db.SaveChangesAsync(cancellationToken);
        return form.ToRef(patient.Id);
    }
}

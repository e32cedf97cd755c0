using RlmsRegistry.Application.Common.Behaviours;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Commands.SetFormLock;

/// <summary>
/// A monitor of the patient's centre locks a Complete form after source-data verification, or unlocks it so it can be
/// corrected. Only Complete forms are locked (a Draft is still being entered). The change is audited like any other.
/// </summary>
[AuthorizeRequest(Roles.Monitor)]
public sealed record SetFormLockCommand(FormKind Kind, Guid Id, bool Locked, int? Version = null) : ICommand<FormRef>, ICaseChange
{
    public RecordRef? Record => new RecordRef(Kind, Id);
}

public sealed class SetFormLockHandler(IRegistryDbContext db, ICurrentUser user) : ICommandHandler<SetFormLockCommand, FormRef>
{
    public async ValueTask<FormRef> Handle(SetFormLockCommand command, CancellationToken cancellationToken)
    {
        var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, command.Kind, command.Id, tracking: true, cancellationToken);
        ClinicalRecords.CheckVersion(form, command.Version);
        if (command.Locked)
        {
            if (form.Status != RecordStatus.Complete)
            {
                throw new DomainRuleException(nameof(ClinicalForm.Status), $"Only a complete {form.Kind.Label().ToLowerInvariant()} can be locked.");
            }

            form.Lock();
        }
        else
        {
            form.Unlock();
        }

        await db.SaveChangesAsync(cancellationToken);
        return form.ToRef(patient.Id);
    }
}

using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Commands.SetFormVerification;

/// <summary>
/// Source-data verification: a monitor of the patient's centre marks a Complete form as checked against the source
/// documents, or takes the mark away. An edit of the form later takes the mark away by itself and says why. Audited.
/// </summary>
[AuthorizeRequest(Roles.Monitor)]
public sealed record SetFormVerificationCommand(FormKind Kind, Guid Id, bool Verified, int? Version = null) : ICommand<FormRef>, IRecordScoped
{
    public RecordRef? Record => new RecordRef(Kind, Id);
}

public sealed class SetFormVerificationHandler(IRegistryDbContext db, ICurrentUser user, IClock clock) : ICommandHandler<SetFormVerificationCommand, FormRef>
{
    public async ValueTask<FormRef> Handle(SetFormVerificationCommand command, CancellationToken cancellationToken)
    {
        var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, command.Kind, command.Id, tracking: true, cancellationToken);
        ClinicalRecords.CheckVersion(form, command.Version);
        if (command.Verified)
        {
            form.Verify(user.Name, clock.UtcNow);
        }
        else
        {
            form.Unverify();
        }

        await db.SaveChangesAsync(cancellationToken);
        return form.ToRef(patient.Id);
    }
}

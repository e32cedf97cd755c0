using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical.Commands.RemoveFollowUpEvent;

/// <summary>A data manager removes a follow-up event entered by mistake; a Complete event needs a reason, a locked one is refused.</summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record RemoveFollowUpEventCommand(Guid Id, int? Version, string? Reason) : ICommand<FormRef>, ICaseChange
{
    public RecordRef? Record => new RecordRef(FormKind.FollowUpEvent, Id);
}

public sealed class RemoveFollowUpEventValidator : AbstractValidator<RemoveFollowUpEventCommand>
{
    public RemoveFollowUpEventValidator() => RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
}

public sealed class RemoveFollowUpEventHandler(IRegistryDbContext db, ICurrentUser user) : ICommandHandler<RemoveFollowUpEventCommand, FormRef>
{
    public async ValueTask<FormRef> Handle(RemoveFollowUpEventCommand command, CancellationToken cancellationToken)
    {
        var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, FormKind.FollowUpEvent, command.Id, tracking: true, cancellationToken);
        ClinicalRecords.EnsureNotLocked(form);
        ClinicalRecords.CheckVersion(form, command.Version);
        ClinicalRecords.Apply(() => patient.RemoveFollowUpEvent(command.Id, command.Reason));
        await db.SaveChangesAsync(cancellationToken);
        return form.ToRef(patient.Id);
    }
}

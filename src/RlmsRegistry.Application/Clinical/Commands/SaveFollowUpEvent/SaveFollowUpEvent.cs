using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;

/// <summary>
/// A data manager records a follow-up event (<see cref="PatientId"/>, no <see cref="Id"/>) or edits one (<see cref="Id"/>).
/// Dates: not in the future, not before the first operation, nothing after death (the domain checks the record).
/// </summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record SaveFollowUpEventCommand : ICommand<FollowUpEventDto>, ICaseChange
{
    public RecordRef? Record => Id is { } id ? new(FormKind.FollowUpEvent, id) : PatientId is { } p ? RecordRef.ForPatient(p) : null;

    public Guid? Id { get; init; }

    public Guid? PatientId { get; init; }

    public DateOnly? Date { get; init; }

    public FollowUpEventType? Type { get; init; }

    public DiseaseStatus? DiseaseStatus { get; init; }

    public MetastasisSite? Site { get; init; }

    public CauseOfDeath? CauseOfDeath { get; init; }

    public int? Version { get; init; }

    public string? Reason { get; init; }

    public bool Complete { get; init; }

    public static SaveFollowUpEventCommand From(FollowUpEventDto stored) => ClinicalFormMapper.ToCommand(stored);

    public FollowUpEventDetails ToDetails() => ClinicalFormMapper.ToDetails(this);
}

public sealed class SaveFollowUpEventValidator : AbstractValidator<SaveFollowUpEventCommand>
{
    public SaveFollowUpEventValidator(IClock clock)
    {
        RuleFor(c => c.PatientId).NotNull().When(c => c.Id is null).WithMessage("Choose the patient.");
        this.IncludeFieldRules(FormDefinitions.FollowUpEvent, clock);
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength).WithMessage($"The reason may have at most {ClinicalForm.EditReasonMaxLength} characters.");
    }
}

public sealed class SaveFollowUpEventHandler(IRegistryDbContext db, ICurrentUser user, IClock clock)
    : ICommandHandler<SaveFollowUpEventCommand, FollowUpEventDto>
{
    public async ValueTask<FollowUpEventDto> Handle(SaveFollowUpEventCommand command, CancellationToken cancellationToken)
    {
        var details = command.ToDetails();
        FollowUpEvent followUpEvent;
        if (command.Id is { } id)
        {
            var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, FormKind.FollowUpEvent, id, tracking: true, cancellationToken);
            followUpEvent = (FollowUpEvent)form;
            ClinicalRecords.EnsureNotLocked(followUpEvent);
            ClinicalRecords.CheckVersion(followUpEvent, command.Version, details, followUpEvent.ToDetails());
            ClinicalRecords.Apply(() => patient.UpdateFollowUpEvent(id, details, command.Reason, clock));
        }
        else
        {
            var patient = await ClinicalRecords.LoadPatientAsync(db, user, command.PatientId!.Value, tracking: true, cancellationToken);
            followUpEvent = patient.AddFollowUpEvent(details, clock);
        }

        if (command.Complete)
        {
            ClinicalRecords.Complete(followUpEvent);
        }

        await db.SaveChangesAsync(cancellationToken);
        return followUpEvent.ToDto();
    }
}

using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
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

    public static SaveFollowUpEventCommand From(FollowUpEventDto e) => new()
    {
        Id = e.Id, PatientId = e.PatientId, Date = e.Date, Type = e.Type, DiseaseStatus = e.DiseaseStatus, Site = e.Site,
        CauseOfDeath = e.CauseOfDeath, Version = e.Version,
    };

    public FollowUpEventDetails ToDetails() => new()
    {
        Date = Date!.Value,
        Type = Type!.Value,
        DiseaseStatus = DiseaseStatus,
        Site = Site,
        CauseOfDeath = CauseOfDeath,
    };
}

public sealed class SaveFollowUpEventValidator : AbstractValidator<SaveFollowUpEventCommand>
{
    public SaveFollowUpEventValidator(IClock clock)
    {
        RuleFor(c => c.PatientId).NotNull().When(c => c.Id is null).WithMessage("Choose the patient.");
        RuleFor(c => c.Date).NotNull().WithMessage("The event date is required.")
            .Must(d => d is null || d <= clock.Today).WithMessage("The event date cannot be in the future.");
        RuleFor(c => c.Type).NotNull().WithMessage("Choose the type of event.").IsInEnum().WithMessage("The event type is not one of the allowed values.");
        RuleFor(c => c.DiseaseStatus).IsInEnum().WithMessage("The disease status is not one of the allowed values.");
        RuleFor(c => c.Site).IsInEnum().WithMessage("The metastasis site is not one of the allowed values.");
        RuleFor(c => c.CauseOfDeath).IsInEnum().WithMessage("The cause of death is not one of the allowed values.");
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
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

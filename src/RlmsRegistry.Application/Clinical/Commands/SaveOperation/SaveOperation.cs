using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Commands.SaveOperation;

/// <summary>
/// A data manager records an operation (<see cref="PatientId"/>, no <see cref="Id"/>) or edits one (<see cref="Id"/>).
/// <see cref="Version"/> is the version the user loaded; <see cref="Reason"/> is required once the form is Complete;
/// <see cref="Complete"/> completes the form in the same save. Nothing is saved when any rule refuses the change.
/// </summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record SaveOperationCommand : ICommand<OperationDto>, ICaseChange
{
    public RecordRef? Record => Id is { } id ? new(FormKind.Operation, id) : PatientId is { } p ? RecordRef.ForPatient(p) : null;

    public Guid? Id { get; init; }

    public Guid? PatientId { get; init; }

    public DateOnly? Date { get; init; }

    public OperationSetting? Setting { get; init; }

    public int? RecurrenceNumber { get; init; }

    public bool? PrimaryOperatedOutside { get; init; }

    public DateOnly? OutsidePrimaryDate { get; init; }

    public ResectionCompleteness? Resection { get; init; }

    public decimal? MaxDiameterCm { get; init; }

    public bool? Multifocal { get; init; }

    public int? OrgansResected { get; init; }

    public VascularResection? VascularResection { get; init; }

    public TumourOrigin? TumourOrigin { get; init; }

    public int? BloodLossMl { get; init; }

    public bool? Transfused { get; init; }

    public int? OperativeTimeMinutes { get; init; }

    public ClavienDindoGrade? ClavienDindo { get; init; }

    public int? AsaScore { get; init; }

    public bool? NeoadjuvantRadiotherapy { get; init; }

    public bool? NeoadjuvantChemotherapy { get; init; }

    public bool? AdjuvantRadiotherapy { get; init; }

    public bool? AdjuvantChemotherapy { get; init; }

    public int? Version { get; init; }

    public string? Reason { get; init; }

    public bool Complete { get; init; }

    public static SaveOperationCommand From(OperationDto stored) => ClinicalFormMapper.ToCommand(stored);

    public OperationDetails ToDetails() => ClinicalFormMapper.ToDetails(this);
}

/// <summary>The form's own rules, all reported at once; rules across the patient's record are the domain's.</summary>
public sealed class SaveOperationValidator : AbstractValidator<SaveOperationCommand>
{
    public SaveOperationValidator(IClock clock)
    {
        RuleFor(c => c.PatientId).NotNull().When(c => c.Id is null).WithMessage("Choose the patient.");
        this.IncludeFieldRules(FormDefinitions.Operation, clock);
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength).WithMessage($"The reason may have at most {ClinicalForm.EditReasonMaxLength} characters.");
    }
}

public sealed class SaveOperationHandler(IRegistryDbContext db, ICurrentUser user, IClock clock) : ICommandHandler<SaveOperationCommand, OperationDto>
{
    public async ValueTask<OperationDto> Handle(SaveOperationCommand command, CancellationToken cancellationToken)
    {
        var details = command.ToDetails();
        Operation operation;
        if (command.Id is { } id)
        {
            var (patient, form) = await ClinicalRecords.LoadFormAsync(db, user, FormKind.Operation, id, tracking: true, cancellationToken);
            operation = (Operation)form;
            ClinicalRecords.EnsureNotLocked(operation);
            ClinicalRecords.CheckVersion(operation, command.Version, details, operation.ToDetails());
            ClinicalRecords.Apply(() => patient.UpdateOperation(id, details, command.Reason, clock));
        }
        else
        {
            var patient = await ClinicalRecords.LoadPatientAsync(db, user, command.PatientId!.Value, tracking: true, cancellationToken);
            operation = patient.AddOperation(details, clock);
        }

        if (command.Complete)
        {
            ClinicalRecords.Complete(operation);
        }

        await db.SaveChangesAsync(cancellationToken);
        return operation.ToDto();
    }
}

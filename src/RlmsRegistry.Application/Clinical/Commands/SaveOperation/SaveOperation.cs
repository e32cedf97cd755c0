using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
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

    public static SaveOperationCommand From(OperationDto o) => new()
    {
        Id = o.Id, PatientId = o.PatientId, Date = o.Date, Setting = o.Setting, RecurrenceNumber = o.RecurrenceNumber,
        PrimaryOperatedOutside = o.PrimaryOperatedOutside, OutsidePrimaryDate = o.OutsidePrimaryDate, Resection = o.Resection,
        MaxDiameterCm = o.MaxDiameterCm, Multifocal = o.Multifocal, OrgansResected = o.OrgansResected, VascularResection = o.VascularResection,
        TumourOrigin = o.TumourOrigin, BloodLossMl = o.BloodLossMl, Transfused = o.Transfused, OperativeTimeMinutes = o.OperativeTimeMinutes,
        ClavienDindo = o.ClavienDindo, AsaScore = o.AsaScore, NeoadjuvantRadiotherapy = o.NeoadjuvantRadiotherapy,
        NeoadjuvantChemotherapy = o.NeoadjuvantChemotherapy, AdjuvantRadiotherapy = o.AdjuvantRadiotherapy,
        AdjuvantChemotherapy = o.AdjuvantChemotherapy, Version = o.Version,
    };

    public OperationDetails ToDetails() => new()
    {
        Date = Date!.Value,
        Setting = Setting!.Value,
        RecurrenceNumber = RecurrenceNumber,
        PrimaryOperatedOutside = PrimaryOperatedOutside ?? false,
        OutsidePrimaryDate = OutsidePrimaryDate,
        Resection = Resection,
        MaxDiameterCm = MaxDiameterCm,
        Multifocal = Multifocal,
        OrgansResected = OrgansResected,
        VascularResection = VascularResection,
        TumourOrigin = TumourOrigin,
        BloodLossMl = BloodLossMl,
        Transfused = Transfused,
        OperativeTimeMinutes = OperativeTimeMinutes,
        ClavienDindo = ClavienDindo,
        AsaScore = AsaScore,
        NeoadjuvantRadiotherapy = NeoadjuvantRadiotherapy,
        NeoadjuvantChemotherapy = NeoadjuvantChemotherapy,
        AdjuvantRadiotherapy = AdjuvantRadiotherapy,
        AdjuvantChemotherapy = AdjuvantChemotherapy,
    };
}

/// <summary>The form's own rules, all reported at once; rules across the patient's record are the domain's.</summary>
public sealed class SaveOperationValidator : AbstractValidator<SaveOperationCommand>
{
    public SaveOperationValidator(IClock clock)
    {
        RuleFor(c => c.PatientId).NotNull().When(c => c.Id is null).WithMessage("Choose the patient.");
        RuleFor(c => c.Date).NotNull().WithMessage("The operation date is required.")
            .Must(d => d is null || d <= clock.Today).WithMessage("The operation date cannot be in the future.");
        RuleFor(c => c.Setting).NotNull().WithMessage("Choose primary or recurrence.").IsInEnum().WithMessage("The setting must be primary or recurrence.");
        RuleFor(c => c.RecurrenceNumber).NotNull().When(c => c.Setting == OperationSetting.Recurrence)
            .WithMessage("A recurrence operation needs its recurrence number (1 for the first recurrence).")
            .InclusiveBetween(1, Operation.RecurrenceNumberMax).WithMessage($"The recurrence number must be between 1 and {Operation.RecurrenceNumberMax}.");
        RuleFor(c => c.OutsidePrimaryDate).Must(d => d is null || d <= clock.Today).WithMessage("The outside primary date cannot be in the future.");
        RuleFor(c => c.Resection).IsInEnum().WithMessage("Completeness of resection must be R0, R1 or R2.");
        RuleFor(c => c.MaxDiameterCm).InclusiveBetween(Operation.DiameterMinCm, Operation.DiameterMaxCm)
            .WithMessage($"The maximum tumour diameter must be between {Operation.DiameterMinCm} and {Operation.DiameterMaxCm} cm.");
        RuleFor(c => c.OrgansResected).InclusiveBetween(0, Operation.OrgansResectedMax)
            .WithMessage($"The number of organs resected must be between 0 and {Operation.OrgansResectedMax}.");
        RuleFor(c => c.VascularResection)
            .Must(v => v is null || (v.Value & ~(VascularResection.InferiorVenaCava | VascularResection.OtherMajorVessel)) == 0)
            .WithMessage("Vascular resection is not one of the allowed values.");
        RuleFor(c => c.TumourOrigin).IsInEnum().WithMessage("Tumour origin is not one of the allowed values.");
        RuleFor(c => c.BloodLossMl).InclusiveBetween(0, Operation.BloodLossMaxMl).WithMessage($"Blood loss must be between 0 and {Operation.BloodLossMaxMl} ml.");
        RuleFor(c => c.OperativeTimeMinutes).InclusiveBetween(1, Operation.OperativeTimeMaxMinutes)
            .WithMessage($"Operative time must be between 1 and {Operation.OperativeTimeMaxMinutes} minutes.");
        RuleFor(c => c.ClavienDindo).IsInEnum().WithMessage("The Clavien–Dindo grade is not one of the allowed values.");
        RuleFor(c => c.AsaScore).InclusiveBetween(Operation.AsaScoreMin, Operation.AsaScoreMax)
            .WithMessage($"The ASA score must be between {Operation.AsaScoreMin} and {Operation.AsaScoreMax}.");
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
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

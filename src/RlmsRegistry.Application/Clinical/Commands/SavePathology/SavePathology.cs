using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical.Commands.SavePathology;

/// <summary>
/// A data manager records the pathology report of an operation, or edits it when it exists (one per operation).
/// The reported grade is a number 1–3; the FNCLCC grade is derived from the components, never entered.
/// </summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record SavePathologyCommand : ICommand<SavedForm<PathologyDto>>, ICaseChange
{
    public RecordRef? Record => new RecordRef(FormKind.Operation, OperationId);

    public Guid OperationId { get; init; }

    public Histotype? Histotype { get; init; }

    public int? DifferentiationScore { get; init; }

    public int? MitoticCountPer10Hpf { get; init; }

    public Necrosis? Necrosis { get; init; }

    public int? ReportedGrade { get; init; }

    public MarginStatus? MarginStatus { get; init; }

    public decimal? Ki67Percent { get; init; }

    public int? Version { get; init; }

    public string? Reason { get; init; }

    public bool Complete { get; init; }

    public static SavePathologyCommand From(PathologyDto p) => new()
    {
        OperationId = p.OperationId, Histotype = p.Histotype, DifferentiationScore = p.DifferentiationScore,
        MitoticCountPer10Hpf = p.MitoticCountPer10Hpf, Necrosis = p.Necrosis, ReportedGrade = p.ReportedGrade,
        MarginStatus = p.MarginStatus, Ki67Percent = p.Ki67Percent, Version = p.Version,
    };

    public PathologyDetails ToDetails() => new()
    {
        Histotype = Histotype,
        DifferentiationScore = DifferentiationScore,
        MitoticCountPer10Hpf = MitoticCountPer10Hpf,
        Necrosis = Necrosis,
        ReportedGrade = (FnclccGrade?)ReportedGrade,
        MarginStatus = MarginStatus,
        Ki67Percent = Ki67Percent,
    };
}

public sealed class SavePathologyValidator : AbstractValidator<SavePathologyCommand>
{
    public SavePathologyValidator()
    {
        RuleFor(c => c.Histotype).IsInEnum().WithMessage("The histotype is not one of the allowed values.");
        RuleFor(c => c.DifferentiationScore).InclusiveBetween(1, 3).WithMessage("The differentiation score must be 1, 2 or 3.");
        RuleFor(c => c.MitoticCountPer10Hpf).GreaterThanOrEqualTo(0).WithMessage("The mitotic count cannot be negative.");
        RuleFor(c => c.Necrosis).IsInEnum().WithMessage("Necrosis must be none, < 50 % or ≥ 50 %.");
        RuleFor(c => c.ReportedGrade).InclusiveBetween(1, 3).WithMessage("The reported grade must be 1, 2 or 3.");
        RuleFor(c => c.MarginStatus).IsInEnum().WithMessage("Margin status is not one of the allowed values.");
        RuleFor(c => c.Ki67Percent).InclusiveBetween(0m, 100m).WithMessage("Ki-67 must be between 0 and 100 %.");
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
    }
}

public sealed class SavePathologyHandler(IRegistryDbContext db, ICurrentUser user) : ICommandHandler<SavePathologyCommand, SavedForm<PathologyDto>>
{
    public async ValueTask<SavedForm<PathologyDto>> Handle(SavePathologyCommand command, CancellationToken cancellationToken)
    {
        var (patient, operation) = await ClinicalRecords.LoadOperationAsync(db, user, command.OperationId, tracking: true, cancellationToken);
        var details = command.ToDetails();
        var created = operation.Pathology is null;
        Pathology pathology;
        if (operation.Pathology is { } existing)
        {
            pathology = existing;
            ClinicalRecords.EnsureNotLocked(pathology);
            ClinicalRecords.CheckVersion(pathology, command.Version, details, pathology.ToDetails());
            ClinicalRecords.Apply(() => patient.UpdatePathology(operation.Id, details, command.Reason));
        }
        else
        {
            pathology = patient.RecordPathology(operation.Id, details);
        }

        if (command.Complete)
        {
            ClinicalRecords.Complete(pathology);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SavedForm<PathologyDto>(pathology.ToDto(), created, patient.Id);
    }
}

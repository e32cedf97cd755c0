using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;

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

    public static SavePathologyCommand From(PathologyDto stored) => ClinicalFormMapper.ToCommand(stored);

    public PathologyDetails ToDetails() => ClinicalFormMapper.ToDetails(this);
}

public sealed class SavePathologyValidator : AbstractValidator<SavePathologyCommand>
{
    public SavePathologyValidator()
    {
        this.IncludeFieldRules(FormDefinitions.Pathology, clock: null);
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength).WithMessage($"The reason may have at most {ClinicalForm.EditReasonMaxLength} characters.");
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

using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;

/// <summary>
/// A data manager records the pre-operative laboratory panel of an operation, or edits it when it exists. The draw
/// date must lie within the 30 days before the operation (up to its day); NLR and PLR are derived, never entered.
/// </summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record SaveLabPanelCommand : ICommand<SavedForm<LabPanelDto>>, ICaseChange
{
    public RecordRef? Record => new RecordRef(FormKind.Operation, OperationId);

    public Guid OperationId { get; init; }

    public DateOnly? DrawDate { get; init; }

    public decimal? PlateletsE9PerL { get; init; }

    public decimal? NeutrophilsE9PerL { get; init; }

    public decimal? LymphocytesE9PerL { get; init; }

    public decimal? HaemoglobinGPerL { get; init; }

    public decimal? AlbuminGPerL { get; init; }

    public int? Version { get; init; }

    public string? Reason { get; init; }

    public bool Complete { get; init; }

    public static SaveLabPanelCommand From(LabPanelDto stored) => ClinicalFormMapper.ToCommand(stored);

    public LabPanelDetails ToDetails() => ClinicalFormMapper.ToDetails(this);
}

public sealed class SaveLabPanelValidator : AbstractValidator<SaveLabPanelCommand>
{
    public SaveLabPanelValidator(IClock clock)
    {
        this.IncludeFieldRules(FormDefinitions.Labs, clock);
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength).WithMessage($"The reason may have at most {ClinicalForm.EditReasonMaxLength} characters.");
    }
}

public sealed class SaveLabPanelHandler(IRegistryDbContext db, ICurrentUser user) : ICommandHandler<SaveLabPanelCommand, SavedForm<LabPanelDto>>
{
    public async ValueTask<SavedForm<LabPanelDto>> Handle(SaveLabPanelCommand command, CancellationToken cancellationToken)
    {
        var (patient, operation) = await ClinicalRecords.LoadOperationAsync(db, user, command.OperationId, tracking: true, cancellationToken);
        var details = command.ToDetails();
        var created = operation.LabPanel is null;
        LabPanel panel;
        if (operation.LabPanel is { } existing)
        {
            panel = existing;
            ClinicalRecords.EnsureNotLocked(panel);
            ClinicalRecords.CheckVersion(panel, command.Version, details, panel.ToDetails());
            ClinicalRecords.Apply(() => patient.UpdateLabPanel(operation.Id, details, command.Reason));
        }
        else
        {
            panel = patient.RecordLabPanel(operation.Id, details);
        }

        if (command.Complete)
        {
            ClinicalRecords.Complete(panel);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SavedForm<LabPanelDto>(panel.ToDto(operation.Date), created, patient.Id);
    }
}

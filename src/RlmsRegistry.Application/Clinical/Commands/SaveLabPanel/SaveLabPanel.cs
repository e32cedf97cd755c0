using RlmsRegistry.Application.Common.Behaviours;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
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

    public static SaveLabPanelCommand From(LabPanelDto l) => new()
    {
        OperationId = l.OperationId, DrawDate = l.DrawDate, PlateletsE9PerL = l.PlateletsE9PerL, NeutrophilsE9PerL = l.NeutrophilsE9PerL,
        LymphocytesE9PerL = l.LymphocytesE9PerL, HaemoglobinGPerL = l.HaemoglobinGPerL, AlbuminGPerL = l.AlbuminGPerL, Version = l.Version,
    };

    public LabPanelDetails ToDetails() => new()
    {
        DrawDate = DrawDate!.Value,
        PlateletsE9PerL = PlateletsE9PerL,
        NeutrophilsE9PerL = NeutrophilsE9PerL,
        LymphocytesE9PerL = LymphocytesE9PerL,
        HaemoglobinGPerL = HaemoglobinGPerL,
        AlbuminGPerL = AlbuminGPerL,
    };
}

public sealed class SaveLabPanelValidator : AbstractValidator<SaveLabPanelCommand>
{
    public SaveLabPanelValidator(IClock clock)
    {
        RuleFor(c => c.DrawDate).NotNull().WithMessage("The draw date is required.")
            .Must(d => d is null || d <= clock.Today).WithMessage("The draw date cannot be in the future.");
        RuleFor(c => c.PlateletsE9PerL).InclusiveBetween(LabPanel.PlateletsMin, LabPanel.PlateletsMax)
            .WithMessage($"Platelets must be between {LabPanel.PlateletsMin} and {LabPanel.PlateletsMax} ×10⁹/L.");
        RuleFor(c => c.NeutrophilsE9PerL).InclusiveBetween(LabPanel.LeucocyteSubsetMin, LabPanel.LeucocyteSubsetMax)
            .WithMessage($"Neutrophils must be between {LabPanel.LeucocyteSubsetMin} and {LabPanel.LeucocyteSubsetMax} ×10⁹/L.");
        RuleFor(c => c.LymphocytesE9PerL).InclusiveBetween(LabPanel.LeucocyteSubsetMin, LabPanel.LeucocyteSubsetMax)
            .WithMessage($"Lymphocytes must be between {LabPanel.LeucocyteSubsetMin} and {LabPanel.LeucocyteSubsetMax} ×10⁹/L.");
        RuleFor(c => c.HaemoglobinGPerL).InclusiveBetween(LabPanel.HaemoglobinMin, LabPanel.HaemoglobinMax)
            .WithMessage($"Haemoglobin must be between {LabPanel.HaemoglobinMin} and {LabPanel.HaemoglobinMax} g/L.");
        RuleFor(c => c.AlbuminGPerL).InclusiveBetween(LabPanel.AlbuminMin, LabPanel.AlbuminMax)
            .WithMessage($"Albumin must be between {LabPanel.AlbuminMin} and {LabPanel.AlbuminMax} g/L.");
        RuleFor(c => c.Reason).MaximumLength(ClinicalForm.EditReasonMaxLength);
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

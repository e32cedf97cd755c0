using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Monitoring;

namespace RlmsRegistry.Application.DataQueries;

/// <summary>A monitor (or admin) opens a query on a form of a centre they monitor, optionally on one of its fields.</summary>
[AuthorizeRequest(Roles.Monitor, Roles.Admin)]
public sealed record OpenDataQueryCommand(FormKind Kind, Guid FormId, string? Field, string? Text) : ICommand<DataQueryDto>, IRecordScoped
{
    /// <summary>An unknown kind names no record: validation then reports it as a bad field.</summary>
    public RecordRef? Record => Enum.IsDefined(Kind) ? new RecordRef(Kind, FormId) : null;
}

/// <summary>A data manager of the centre answers an open query (a correction is saved on the form itself, with a reason).</summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record AnswerDataQueryCommand(Guid Id, string? Text) : ICommand<DataQueryDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForDataQuery(Id);
}

/// <summary>The monitor closes a query (answered, or raised in error), with an optional remark.</summary>
[AuthorizeRequest(Roles.Monitor, Roles.Admin)]
public sealed record CloseDataQueryCommand(Guid Id, string? Text) : ICommand<DataQueryDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForDataQuery(Id);
}

/// <summary>The monitor re-opens an answered or closed query, with an optional remark.</summary>
[AuthorizeRequest(Roles.Monitor, Roles.Admin)]
public sealed record ReopenDataQueryCommand(Guid Id, string? Text) : ICommand<DataQueryDto>, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForDataQuery(Id);
}

public sealed class OpenDataQueryValidator : AbstractValidator<OpenDataQueryCommand>
{
    public OpenDataQueryValidator()
    {
        RuleFor(c => c.Kind).IsInEnum().OverridePropertyName("FormKind").WithMessage("The form kind must be operation, pathology, labs or follow-up-event.");
        RuleFor(c => c.FormId).NotEmpty().WithName("formId").WithMessage("Name the form the query is about.");
        RuleFor(c => c.Text).NotEmpty().WithName("text").WithMessage("Write the question for the centre.")
            .MaximumLength(DataQuery.TextMaxLength).WithMessage($"The question may have at most {DataQuery.TextMaxLength} characters.");
        RuleFor(c => c.Field).Must((c, field) => FormFields.Find(c.Kind, field) is not null)
            .When(c => !string.IsNullOrWhiteSpace(c.Field) && Enum.IsDefined(c.Kind))
            .WithName("field").WithMessage(c => $"The {FormFields.FormLabel(c.Kind).ToLowerInvariant()} has no field named '{c.Field}'.");
    }
}

public sealed class DataQueryTextValidator : AbstractValidator<AnswerDataQueryCommand>
{
    public DataQueryTextValidator() =>
        RuleFor(c => c.Text).NotEmpty().WithName("text").WithMessage("Write the answer for the monitor.")
            .MaximumLength(DataQuery.TextMaxLength).WithMessage($"The answer may have at most {DataQuery.TextMaxLength} characters.");
}

public sealed class CloseDataQueryValidator : AbstractValidator<CloseDataQueryCommand>
{
    public CloseDataQueryValidator() =>
        RuleFor(c => c.Text).MaximumLength(DataQuery.TextMaxLength).WithName("text").WithMessage($"The remark may have at most {DataQuery.TextMaxLength} characters.");
}

public sealed class ReopenDataQueryValidator : AbstractValidator<ReopenDataQueryCommand>
{
    public ReopenDataQueryValidator() =>
        RuleFor(c => c.Text).MaximumLength(DataQuery.TextMaxLength).WithName("text").WithMessage($"The remark may have at most {DataQuery.TextMaxLength} characters.");
}

public sealed class DataQueryCommandHandlers(IRegistryDbContext db, ICurrentUser user, IClock clock)
    : ICommandHandler<OpenDataQueryCommand, DataQueryDto>,
      ICommandHandler<AnswerDataQueryCommand, DataQueryDto>,
      ICommandHandler<CloseDataQueryCommand, DataQueryDto>,
      ICommandHandler<ReopenDataQueryCommand, DataQueryDto>
{
    public async ValueTask<DataQueryDto> Handle(OpenDataQueryCommand command, CancellationToken cancellationToken)
    {
        var (patient, _) = await ClinicalRecords.LoadFormAsync(db, user, command.Kind, command.FormId, tracking: false, cancellationToken);
        var field = FormFields.Find(command.Kind, command.Field)?.Name;
        var query = DataQuery.Open(patient.CentreId, patient.Id, command.Kind, command.FormId, field, command.Text!, user.Name, clock.UtcNow);
        db.DataQueries.Add(query);
        await db.SaveChangesAsync(cancellationToken);
        return await DataQueryReads.GetAsync(db, user, query.Id, cancellationToken);
    }

    public ValueTask<DataQueryDto> Handle(AnswerDataQueryCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Respond(command.Text!, user.Name, clock.UtcNow), cancellationToken);

    public ValueTask<DataQueryDto> Handle(CloseDataQueryCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Close(command.Text, user.Name, clock.UtcNow), cancellationToken);

    public ValueTask<DataQueryDto> Handle(ReopenDataQueryCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Reopen(command.Text), cancellationToken);

    private async ValueTask<DataQueryDto> ChangeAsync(Guid id, Action<DataQuery> change, CancellationToken ct)
    {
        var query = await db.DataQueries.SingleOrDefaultAsync(q => q.Id == id, ct);
        if (query is null || !user.CanAccessCentre(query.CentreId))
        {
            throw NotFoundException.For("Query", id);
        }

        try
        {
            change(query);
        }
        catch (DomainRuleException ex) when (ex.Field == nameof(DataQuery.Status))
        {
            throw new ConflictException(ex.Message);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException("The query was changed by someone else at the same moment. Reload it and try again.", ex);
        }

        return await DataQueryReads.GetAsync(db, user, id, ct);
    }
}

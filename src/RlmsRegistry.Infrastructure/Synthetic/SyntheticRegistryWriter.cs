using System.Diagnostics;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure.Synthetic;

/// <summary>How a synthetic registry is written.</summary>
public enum SyntheticWriteMode
{
    /// <summary>Every form through its Mediator command (pipeline, validators, handlers, one save per form).</summary>
    Commands = 1,

    /// <summary>
    /// Batches of patients: the same commands through the same validators, the same domain methods as the handlers
    /// (<see cref="SyntheticCaseApplier"/>), one save per batch with automatic change detection off. The context still
    /// bumps versions and writes one audit entry per record in each save.
    /// </summary>
    Bulk = 2,
}

/// <summary>What was written and how long it took.</summary>
public sealed record SyntheticWriteResult(int Patients, int Centres, SyntheticWriteMode Mode, TimeSpan Elapsed);

/// <summary>
/// Writes a <see cref="SyntheticRegistryGenerator"/> registry into the configured database as a named system principal
/// (audited under that name). Refuses a registry that already holds patients: the synthetic registry is deterministic
/// only from empty (study IDs are part of the dataset). Each patient (commands) or batch (bulk) runs in its own scope,
/// so the change tracker never grows with the registry.
/// </summary>
public sealed class SyntheticRegistryWriter(IServiceScopeFactory scopes)
{
    public const string DefaultPrincipal = "system:synthetic-seed";
    public const int BulkBatchSize = 1_000;

    public async Task<SyntheticWriteResult> WriteAsync(
        SyntheticRegistryOptions options, SyntheticWriteMode mode, string principal = DefaultPrincipal, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await EnsureEmptyAsync(cancellationToken);
        var centreIds = await EnsureCentresAsync(options.Centres, principal, cancellationToken);
        await WriteCasesAsync(options, centreIds, mode, principal, cancellationToken);
        return new SyntheticWriteResult(options.Patients, options.Centres, mode, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Writes the cases into existing centres (<paramref name="centreIds"/>[i] = centre i), e.g. the demo's C01 and C02.</summary>
    public async Task WriteCasesAsync(
        SyntheticRegistryOptions options, IReadOnlyList<Guid> centreIds, SyntheticWriteMode mode, string principal, CancellationToken cancellationToken = default)
    {
        if (centreIds.Count != options.Centres)
        {
            throw new ArgumentException($"{options.Centres} centres expected, {centreIds.Count} given.", nameof(centreIds));
        }

        var cases = SyntheticRegistryGenerator.Generate(options);
        if (mode == SyntheticWriteMode.Commands)
        {
            foreach (var syntheticCase in cases)
            {
                await WriteThroughCommandsAsync(syntheticCase, centreIds, principal, cancellationToken);
            }
        }
        else
        {
            foreach (var batch in cases.Chunk(BulkBatchSize))
            {
                await WriteBatchAsync(batch, centreIds, principal, cancellationToken);
            }
        }
    }

    private async Task EnsureEmptyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(DefaultPrincipal);
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var existing = await db.Patients.IgnoreQueryFilters().CountAsync(cancellationToken);
        if (existing > 0)
        {
            throw new InvalidOperationException(
                $"the registry already holds {existing} patient(s); a synthetic registry is written only into an empty registry");
        }
    }

    /// <summary>The ids of centres C01…Cnn, creating the missing ones (named as synthetic) through the CreateCentre command.</summary>
    private async Task<IReadOnlyList<Guid>> EnsureCentresAsync(int count, string principal, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(principal);
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var existing = await db.Centres.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, cancellationToken);
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var code = SyntheticRegistryGenerator.CentreCode(i);
            ids.Add(existing.TryGetValue(code, out var id)
                ? id
                : (await mediator.Send(new CreateCentreCommand(code, SyntheticRegistryGenerator.CentreName(i)), cancellationToken)).Id);
        }

        return ids;
    }

    private async Task WriteThroughCommandsAsync(SyntheticCase syntheticCase, IReadOnlyList<Guid> centreIds, string principal, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(principal);
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var patient = await mediator.Send(syntheticCase.Patient with { CentreId = centreIds[syntheticCase.CentreIndex] }, cancellationToken);
        foreach (var spec in syntheticCase.Operations)
        {
            var operation = await mediator.Send(spec.Operation with { PatientId = patient.Id }, cancellationToken);
            await mediator.Send(spec.Pathology with { OperationId = operation.Id }, cancellationToken);
            await mediator.Send(spec.LabPanel with { OperationId = operation.Id }, cancellationToken);
        }

        foreach (var spec in syntheticCase.FollowUpEvents)
        {
            await mediator.Send(spec with { PatientId = patient.Id }, cancellationToken);
        }
    }

    private async Task WriteBatchAsync(SyntheticCase[] batch, IReadOnlyList<Guid> centreIds, string principal, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<CurrentUser>().ActAsSystem(principal);
        var db = sp.GetRequiredService<RegistryDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var applier = new SyntheticCaseApplier(
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IValidator<RegisterPatientCommand>>(),
            sp.GetRequiredService<IValidator<SaveOperationCommand>>(),
            sp.GetRequiredService<IValidator<SavePathologyCommand>>(),
            sp.GetRequiredService<IValidator<SaveLabPanelCommand>>(),
            sp.GetRequiredService<IValidator<SaveFollowUpEventCommand>>());
        var centres = await db.Centres.Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var syntheticCase in batch)
        {
            db.Patients.Add(applier.Apply(syntheticCase, centres[centreIds[syntheticCase.CentreIndex]]));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

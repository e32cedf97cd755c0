using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Patients.Commands.RegisterPatient;

/// <summary>A data manager registers a patient in one of their centres; the registry assigns the study ID.</summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record RegisterPatientCommand(Guid? CentreId, Sex? Sex, int? BirthYear, ConsentStatus? ConsentStatus)
    : ICommand<PatientDto>, IPatientDemographics;

public sealed class RegisterPatientValidator : AbstractValidator<RegisterPatientCommand>
{
    public RegisterPatientValidator(IClock clock)
    {
        RuleFor(c => c.CentreId).NotNull().WithMessage("Choose the centre.")
            .NotEqual(Guid.Empty).WithMessage("Choose the centre.");
        Include(new PatientDemographicsValidator(clock));
    }
}

public sealed class RegisterPatientHandler(IRegistryDbContext db, ICurrentUser user, IClock clock)
    : ICommandHandler<RegisterPatientCommand, PatientDto>
{
    public async ValueTask<PatientDto> Handle(RegisterPatientCommand command, CancellationToken cancellationToken)
    {
        var centreId = command.CentreId!.Value;
        if (!user.CanAccessCentre(centreId))
        {
            throw NotFoundException.For("Centre", centreId);
        }

        // Registrations in one centre take their study IDs one after another, never failing each other: inside one
        // transaction the centre's row is locked first (an update writing the sequence onto itself: a row lock on
        // PostgreSQL and SQL Server, the write lock on SQLite), then read, its next number taken and the patient
        // stored; the lock is held until the commit, so the next registration reads the number this one took. On one
        // node they also queue in memory (CentreSequenceGate), so a burst waits there, not holding a connection each
        // while it waits for the row lock (a hundred waiting connections would exhaust the pool and the server's).
        // A failure rolls back the number with the patient: study IDs stay gapless. Joins a transaction the caller
        // already opened (the idempotency filter's) and then leaves committing to it.
        using var turn = await CentreSequenceGate.EnterAsync(centreId, cancellationToken);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var locked = await db.Centres.Where(c => c.Id == centreId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastPatientSequence, c => c.LastPatientSequence), cancellationToken);
        if (locked == 0)
        {
            throw NotFoundException.For("Centre", centreId);
        }

        // The centre as the previous registration committed it (not a copy this context read before the lock).
        foreach (var stale in db.Centres.Local.Where(c => c.Id == centreId).ToList())
        {
            db.Centres.Entry(stale).State = EntityState.Detached;
        }

        var centre = await db.Centres.SingleAsync(c => c.Id == centreId, cancellationToken);
        var patient = new Patient(centre.Id, centre.AllocateStudyId(), command.Sex!.Value, command.BirthYear!.Value, command.ConsentStatus!.Value, clock);
        db.Patients.Add(patient);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return patient.ToDto(centre.Code);
    }
}

/// <summary>
/// One registration per centre at a time on this node (a queue in memory, per centre): the ones behind wait here, without
/// a database connection, rather than each holding one while it waits for the centre's row lock. Across nodes (and the
/// CLI) the row lock alone keeps study IDs apart. A wait longer than <see cref="MaxWait"/> (the database stopped
/// answering the registration ahead) gives up with a <see cref="TimeoutException"/>: the database is unavailable (503).
/// </summary>
internal static class CentreSequenceGate
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    public static async Task<IDisposable> EnterAsync(Guid centreId, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(centreId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new TimeoutException("Waited too long for the registrations ahead in this centre; the database may be unavailable.");
        }

        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

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
    private const int MaxAttempts = 25;

    public async ValueTask<PatientDto> Handle(RegisterPatientCommand command, CancellationToken cancellationToken)
    {
        var centreId = command.CentreId!.Value;
        if (!user.CanAccessCentre(centreId))
        {
            throw NotFoundException.For("Centre", centreId);
        }

        // The centre's sequence is guarded by its version and the study ID by a unique index: of two
        // registrations at once in one centre, the loser fails on one or the other, reloads and takes the next number.
        for (var attempt = 1; ; attempt++)
        {
            var centre = await db.Centres.SingleOrDefaultAsync(c => c.Id == centreId, cancellationToken)
                ?? throw NotFoundException.For("Centre", centreId);
            var patient = new Patient(centre.Id, centre.AllocateStudyId(), command.Sex!.Value, command.BirthYear!.Value, command.ConsentStatus!.Value, clock);
            db.Patients.Add(patient);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return patient.ToDto(centre.Code);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.Patients.Entry(patient).State = EntityState.Detached;
                db.Centres.Entry(centre).State = EntityState.Detached;
                // Jittered back-off so colliding registrations spread out instead of colliding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
            }
        }
    }
}

using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Patients.Commands.UpdatePatient;

/// <summary>
/// A data manager corrects a patient's demographics. <see cref="Version"/> is the version the user loaded:
/// when someone saved in between, the save is refused with what they changed.
/// </summary>
[AuthorizeRequest(Roles.DataManager)]
public sealed record UpdatePatientCommand(Guid Id, Sex? Sex, int? BirthYear, ConsentStatus? ConsentStatus, int? Version, string? Reason = null)
    : ICommand<PatientDto>, IPatientDemographics, IRecordScoped
{
    public RecordRef? Record => RecordRef.ForPatient(Id);
}

public sealed class UpdatePatientValidator : AbstractValidator<UpdatePatientCommand>
{
    public UpdatePatientValidator(IClock clock)
    {
        Include(new PatientDemographicsValidator(clock));
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

public sealed class UpdatePatientHandler(IRegistryDbContext db, ICurrentUser user, IClock clock) : ICommandHandler<UpdatePatientCommand, PatientDto>
{
    public async ValueTask<PatientDto> Handle(UpdatePatientCommand command, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == command.Id, cancellationToken);
        if (patient is null || !user.CanAccessCentre(patient.CentreId))
        {
            throw NotFoundException.For("Patient", command.Id);
        }

        if (command.Version is { } seen && seen != patient.Version)
        {
            throw new ConflictException(
                $"Patient {patient.StudyId} was changed by someone else after you opened it (your version {seen}, now {patient.Version}). Review the stored values and save again.",
                Differences(command, patient));
        }

        patient.Update(command.Sex!.Value, command.BirthYear!.Value, command.ConsentStatus!.Value, clock);
        db.SetChangeReason(command.Reason);
        await db.SaveChangesAsync(cancellationToken);
        var code = await db.Centres.Where(c => c.Id == patient.CentreId).Select(c => c.Code).SingleAsync(cancellationToken);
        return patient.ToDto(code);
    }

    private static List<FieldChange> Differences(UpdatePatientCommand command, Patient stored)
    {
        var changes = new List<FieldChange>();
        if (command.Sex != stored.Sex)
        {
            changes.Add(new(nameof(Patient.Sex), command.Sex?.ToString(), stored.Sex.ToString()));
        }

        if (command.BirthYear != stored.BirthYear)
        {
            changes.Add(new(nameof(Patient.BirthYear), command.BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (command.ConsentStatus != stored.ConsentStatus)
        {
            changes.Add(new(nameof(Patient.ConsentStatus), command.ConsentStatus?.ToString(), stored.ConsentStatus.ToString()));
        }

        return changes;
    }
}

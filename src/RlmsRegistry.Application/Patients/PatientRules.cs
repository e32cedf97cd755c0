using FluentValidation;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Patients;

/// <summary>The demographic fields shared by registering and editing a patient.</summary>
public interface IPatientDemographics
{
    Sex? Sex { get; }

    int? BirthYear { get; }

    ConsentStatus? ConsentStatus { get; }
}

/// <summary>Field rules shared by registering and editing a patient (included by both validators).</summary>
public sealed class PatientDemographicsValidator : AbstractValidator<IPatientDemographics>
{
    public PatientDemographicsValidator(IClock clock)
    {
        RuleFor(x => x.Sex)
            .NotNull().WithMessage("Sex is required.")
            .IsInEnum().WithMessage("Sex must be female or male.");
        RuleFor(x => x.BirthYear)
            .NotNull().WithMessage("Year of birth is required.")
            .Must(y => y is null || (y >= Patient.MinBirthYear && y <= clock.Today.Year))
            .WithMessage(_ => $"Year of birth must be between {Patient.MinBirthYear} and {clock.Today.Year}.");
        RuleFor(x => x.ConsentStatus)
            .NotNull().WithMessage("Consent status is required.")
            .IsInEnum().WithMessage("Consent status must be given, waived or withdrawn.");
    }
}

using FluentValidation;
using RlmsRegistry.Application.Common;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;
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
        this.IncludeFieldRules(FormDefinitions.Patient, clock);
    }
}

using FluentValidation;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Synthetic;

/// <summary>
/// The bulk path of the synthetic registry: turns a <see cref="SyntheticCase"/> into a new patient aggregate the way the
/// command handlers do — each command through its FluentValidation validator, then the same domain methods
/// (<see cref="Centre.AllocateStudyId"/>, <see cref="Patient.AddOperation"/>, <see cref="Patient.RecordPathology"/>,
/// <see cref="Patient.RecordLabPanel"/>, <see cref="Patient.AddFollowUpEvent"/>, completion) — without a round trip per form.
/// The caller adds the patient to the context and saves in batches; the context writes the audit trail as usual.
/// Validators are optional so the pure domain path can be used in memory (tests, tuning).
/// </summary>
public sealed class SyntheticCaseApplier(
    IClock clock,
    IValidator<RegisterPatientCommand>? patientValidator = null,
    IValidator<SaveOperationCommand>? operationValidator = null,
    IValidator<SavePathologyCommand>? pathologyValidator = null,
    IValidator<SaveLabPanelCommand>? labValidator = null,
    IValidator<SaveFollowUpEventCommand>? eventValidator = null)
{
    public Patient Apply(SyntheticCase syntheticCase, Centre centre)
    {
        var register = syntheticCase.Patient with { CentreId = centre.Id };
        patientValidator?.ValidateAndThrow(register);
        var patient = new Patient(centre.Id, centre.AllocateStudyId(), register.Sex!.Value, register.BirthYear!.Value, register.ConsentStatus!.Value, clock);
        foreach (var spec in syntheticCase.Operations)
        {
            var operationCommand = spec.Operation with { PatientId = patient.Id };
            operationValidator?.ValidateAndThrow(operationCommand);
            var operation = patient.AddOperation(operationCommand.ToDetails(), clock);
            operation.Complete();

            var pathologyCommand = spec.Pathology with { OperationId = operation.Id };
            pathologyValidator?.ValidateAndThrow(pathologyCommand);
            patient.RecordPathology(operation.Id, pathologyCommand.ToDetails()).Complete();

            var labCommand = spec.LabPanel with { OperationId = operation.Id };
            labValidator?.ValidateAndThrow(labCommand);
            patient.RecordLabPanel(operation.Id, labCommand.ToDetails()).Complete();
        }

        foreach (var spec in syntheticCase.FollowUpEvents)
        {
            var eventCommand = spec with { PatientId = patient.Id };
            eventValidator?.ValidateAndThrow(eventCommand);
            patient.AddFollowUpEvent(eventCommand.ToDetails(), clock).Complete();
        }

        return patient;
    }
}

using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>Which form definition describes the fields of a bound model (the commands the pages post).</summary>
public static class FieldCatalogue
{
    /// <summary>The form whose fields <paramref name="modelType"/> carries, or null.</summary>
    public static FormDefinition? FormOf(Type? modelType) => modelType switch
    {
        null => null,
        _ when modelType == typeof(SaveOperationCommand) => FormDefinitions.Operation,
        _ when modelType == typeof(SavePathologyCommand) => FormDefinitions.Pathology,
        _ when modelType == typeof(SaveLabPanelCommand) => FormDefinitions.Labs,
        _ when modelType == typeof(SaveFollowUpEventCommand) => FormDefinitions.FollowUpEvent,
        _ when typeof(IPatientDemographics).IsAssignableFrom(modelType) || modelType == typeof(Models.PatientForm) => FormDefinitions.Patient,
        _ => null,
    };

    /// <summary>The form a DTO of the API describes (OperationDto → operation…), or null.</summary>
    public static FormDefinition? FormOfDto(object? dto) => dto switch
    {
        Application.Clinical.OperationDto => FormDefinitions.Operation,
        Application.Clinical.PathologyDto => FormDefinitions.Pathology,
        Application.Clinical.LabPanelDto => FormDefinitions.Labs,
        Application.Clinical.FollowUpEventDto => FormDefinitions.FollowUpEvent,
        _ => null,
    };

    /// <summary>The definition of property <paramref name="property"/> of <paramref name="modelType"/>, or null.</summary>
    public static FieldDefinition? FieldOf(Type? modelType, string? property) =>
        property is null ? null : FormOf(modelType)?.FindByProperty(property);
}

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// The API's OpenAPI document describes each form field from its definition (<see cref="FormDefinitions"/>), like the
/// pages and the data dictionary do: the label, unit and help in words, the answers with their labels, the hard range
/// as <c>minimum</c>/<c>maximum</c> and the plausible range, whether completing the form needs it, and when it applies.
/// Applied to the save commands (request bodies) and the DTOs (responses) of the four case report forms.
/// </summary>
public sealed class FieldOpenApiDescriptions : IOpenApiDocumentTransformer
{
    /// <summary>The request and response types of the case report forms, by the schema name the document gives them.</summary>
    private static readonly Dictionary<string, FormDefinition> Described = new Type[]
    {
        typeof(SaveOperationCommand), typeof(SavePathologyCommand), typeof(SaveLabPanelCommand), typeof(SaveFollowUpEventCommand),
        typeof(OperationDto), typeof(PathologyDto), typeof(LabPanelDto), typeof(FollowUpEventDto),
    }.ToDictionary(t => t.Name, t => FormOf(t) ?? throw new InvalidOperationException($"{t.Name} has no form definition."));

    // A document transformer, not a schema one: it runs once the document is whole, so a nullable answer (an enum
    // wrapped as oneOf null / $ref) is described on the property itself, not on the enum's shared component.
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (schemaName, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!Described.TryGetValue(schemaName, out var form) || schema is not OpenApiSchema { Properties: { } properties } described)
            {
                continue;
            }

            described.Description ??= $"The {form.Label} form. Each field is described by the registry's field definitions (docs/adding-a-field.md).";
            foreach (var (name, property) in properties)
            {
                if (form.Find(name) is not { } field)
                {
                    continue;
                }

                var description = Describe(form, field);
                switch (property)
                {
                    case OpenApiSchema inline:
                        inline.Description = description;
                        if (field.Hard is { } hard)
                        {
                            inline.Minimum = NumberRange.Format(hard.Min);
                            inline.Maximum = NumberRange.Format(hard.Max);
                        }

                        break;
                    case OpenApiSchemaReference reference:
                        reference.Description = description;
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The form whose fields a request or response type carries, or null.</summary>
    public static FormDefinition? FormOf(Type type) => FieldCatalogue.FormOf(type) ?? type switch
    {
        _ when type == typeof(OperationDto) => FormDefinitions.Operation,
        _ when type == typeof(PathologyDto) => FormDefinitions.Pathology,
        _ when type == typeof(LabPanelDto) => FormDefinitions.Labs,
        _ when type == typeof(FollowUpEventDto) => FormDefinitions.FollowUpEvent,
        _ => null,
    };

    /// <summary>"Maximum tumour diameter (cm). Largest diameter… Allowed 0.5–100 cm; outside 1–50 cm saved with a warning. Needed to complete the form."</summary>
    public static string Describe(FormDefinition form, FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(field);
        var text = new StringBuilder(field.Label);
        if (!string.IsNullOrEmpty(field.Unit))
        {
            text.Append(" (").Append(field.Unit).Append(')');
        }

        text.Append('.');
        if (!string.IsNullOrEmpty(field.Help))
        {
            text.Append(' ').Append(field.Help);
        }

        if (field.Formula is { } formula)
        {
            text.Append(" Calculated by the registry: ").Append(formula);
        }

        if (field.Choices.Count > 0)
        {
            text.Append(" Answers: ").Append(string.Join("; ", field.Choices.Select(c => $"{c.Wire} = {c.Label}"))).Append('.');
        }

        if (field.Hard is { } hard)
        {
            text.Append(CultureInfo.InvariantCulture, $" Allowed {hard.InWords(field.Unit)}");
            text.Append(field.Plausible is { } plausible ? $"; outside {plausible.InWords(field.Unit)} it is saved with a warning." : ".");
        }

        if (field.NotInFuture)
        {
            text.Append(" Not in the future.");
        }

        text.Append(field.Requirement switch
        {
            Requirement.Always => " Required.",
            Requirement.ForCompletion => " Needed to complete the form.",
            _ => string.Empty,
        });
        if (field.AppliesWhen is not null)
        {
            text.Append(" Only when ").Append(form.BranchingInWords(field)).Append("; refused otherwise.");
        }

        return text.ToString();
    }
}

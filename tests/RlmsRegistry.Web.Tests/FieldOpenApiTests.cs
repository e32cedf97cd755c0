using System.Text.Json;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Issue 12: the API's OpenAPI descriptions are derived from the field definitions — label, unit, answers with their
/// labels, hard range as minimum/maximum — for every entered field of the four case report forms, requests and responses.
/// </summary>
public sealed class FieldOpenApiTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<string, string> Forms => new()
    {
        { "SaveOperationCommand", "operation" }, { "SavePathologyCommand", "pathology" }, { "SaveLabPanelCommand", "labs" }, { "SaveFollowUpEventCommand", "follow_up_event" },
        { "OperationDto", "operation" }, { "PathologyDto", "pathology" }, { "LabPanelDto", "labs" }, { "FollowUpEventDto", "follow_up_event" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task GivenTheOpenApiDocument_ThenEveryFormFieldIsDescribedByItsDefinition(string schemaName, string formName)
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        using var doc = JsonDocument.Parse(await app.CreateBrowser().GetStringAsync("/openapi/v1.json"));
        var form = FormDefinitions.All.Single(f => f.Name == formName);
        var properties = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schemaName).GetProperty("properties");

        foreach (var field in form.EnteredFields)
        {
            Assert.True(properties.TryGetProperty(field.Name, out var property), $"{schemaName} has no {field.Name}");
            var description = property.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty;
            Assert.StartsWith(field.Label, description, StringComparison.Ordinal);
            if (field.Unit is { } unit)
            {
                Assert.Contains($"({unit})", description, StringComparison.Ordinal);
            }

            foreach (var choice in field.Choices)
            {
                Assert.Contains($"{choice.Wire} = {choice.Label}", description, StringComparison.Ordinal);
            }

            if (field.Hard is { } hard)
            {
                Assert.Equal(hard.Min, property.GetProperty("minimum").GetDecimal());
                Assert.Equal(hard.Max, property.GetProperty("maximum").GetDecimal());
            }
        }
    }

    [Fact]
    public async Task GivenTheOperationRequest_ThenTheDiameterAndTheRecurrenceNumberReadAsADataManagerWouldWriteThem()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        using var doc = JsonDocument.Parse(await app.CreateBrowser().GetStringAsync("/openapi/v1.json"));
        var properties = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("SaveOperationCommand").GetProperty("properties");

        Assert.Equal(
            "Maximum tumour diameter (cm). Largest diameter on the pathology specimen, e.g. 12.5 or 12,5. Allowed 0.5–100 cm; outside 1–50 cm it is saved with a warning. Needed to complete the form.",
            properties.GetProperty("maxDiameterCm").GetProperty("description").GetString());
        Assert.EndsWith("Only when Setting is Recurrence; refused otherwise.", properties.GetProperty("recurrenceNumber").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Application.Tests.Forms;

/// <summary>
/// The field catalogue is the one definition of every form field (docs/adding-a-field.md): these tests fail when a
/// field is carried by a command, details record or DTO without a definition, a label, a range or its answers.
/// </summary>
public sealed partial class FieldCatalogueTests
{
    /// <summary>Properties that carry no form field: ids, the version, the reason, the complete flag, the scope.</summary>
    private static readonly HashSet<string> Plumbing =
        ["Id", "PatientId", "OperationId", "Version", "Reason", "Complete", "Record", "CentreId", "Status", "IsLocked", "LastEditReason",
         "MissingMandatoryFields", "Warnings", "WithinWindow", "GradeConflict", "EqualityContract"];

    public static TheoryData<string, Type, Type, Type> Forms => new()
    {
        { "operation", typeof(SaveOperationCommand), typeof(OperationDetails), typeof(OperationDto) },
        { "pathology", typeof(SavePathologyCommand), typeof(PathologyDetails), typeof(PathologyDto) },
        { "labs", typeof(SaveLabPanelCommand), typeof(LabPanelDetails), typeof(LabPanelDto) },
        { "follow_up_event", typeof(SaveFollowUpEventCommand), typeof(FollowUpEventDetails), typeof(FollowUpEventDto) },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void GivenACaseReportForm_ThenEveryFieldItCarriesHasADefinitionAndEveryDefinitionIsCarried(string name, Type command, Type details, Type dto)
    {
        var form = FormDefinitions.All.Single(f => f.Name == name);
        foreach (var type in new[] { command, details, dto })
        {
            foreach (var property in Fields(type))
            {
                Assert.True(form.FindByProperty(property) is not null, $"{type.Name}.{property} has no definition in FormDefinitions.{name}");
            }
        }

        foreach (var field in form.EnteredFields)
        {
            Assert.Contains(field.Property, Fields(command));
            Assert.Contains(field.Property, Fields(details));
            Assert.Contains(field.Property, Fields(dto));
        }

        foreach (var field in form.Fields.Where(f => !f.IsEntered))
        {
            Assert.Contains(field.Property, Fields(dto));
        }
    }

    [Fact]
    public void GivenThePatientRegistration_ThenEveryDemographicFieldHasADefinition()
    {
        foreach (var property in Fields(typeof(RegisterPatientCommand)))
        {
            Assert.NotNull(FormDefinitions.Patient.FindByProperty(property));
        }
    }

    [Fact]
    public void GivenEveryDefinition_ThenItHasWordsARangeOrItsAnswersAndAStableName()
    {
        Assert.Equal(["patient", "operation", "pathology", "labs", "follow_up_event"], FormDefinitions.All.Select(f => f.Name));
        foreach (var form in FormDefinitions.All)
        {
            foreach (var field in form.Fields)
            {
                var where = $"{form.Name}.{field.Name}";
                Assert.Matches("^[a-z][A-Za-z0-9]*$", field.Name);
                Assert.False(string.IsNullOrWhiteSpace(field.Label), $"{where} has no label");
                Assert.True(char.IsUpper(field.Label[0]), $"{where}: a label starts with a capital");
                Assert.DoesNotMatch(CodeName(), field.Label);
                if (field.Type is FieldType.Number or FieldType.WholeNumber)
                {
                    Assert.True(field.Hard is not null, $"{where} is a number without a hard range");
                }

                if (field.Plausible is { } plausible)
                {
                    Assert.True(field.Hard!.Contains(plausible.Min) && field.Hard.Contains(plausible.Max), $"{where}: the plausible range lies inside the hard range");
                }

                if (field.Type is FieldType.Choice or FieldType.YesNo)
                {
                    Assert.True(field.Choices.Count > 1, $"{where} has no answers");
                }

                if (field.Type == FieldType.Calculated)
                {
                    Assert.False(string.IsNullOrWhiteSpace(field.Formula), $"{where} is calculated without a formula in words");
                }

                foreach (var choice in field.Choices)
                {
                    Assert.DoesNotMatch(CodeName(), choice.Label);
                }

                if (field.AppliesWhen is not null)
                {
                    Assert.NotEmpty(form.BranchingInWords(field));
                    Assert.StartsWith("[", form.BranchingForRedcap(field), StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void GivenAnEnumField_ThenEveryMemberIsAnAnswerWithALabel(string name, Type command, Type details, Type dto)
    {
        _ = command;
        _ = dto;
        var form = FormDefinitions.All.Single(f => f.Name == name);
        foreach (var property in details.GetProperties().Where(p => form.FindByProperty(p.Name) is not null))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!type.IsEnum)
            {
                continue;
            }

            var field = form.FindByProperty(property.Name)!;
            foreach (var member in Enum.GetValues(type))
            {
                Assert.True(field.ChoiceLabel(member) is not null, $"{name}.{field.Name}: {member} has no label");
            }
        }
    }

    [Fact]
    public void GivenAnOperationWithOnlyADateAndASetting_WhenCompleted_ThenEveryMissingFieldIsNamedInWords()
    {
        var missing = FieldRules.MissingForCompletion(FormDefinitions.Operation, new OperationDetails { Date = new(2020, 1, 1), Setting = OperationSetting.Primary });
        Assert.Equal(12, missing.Count);
        Assert.Contains(missing, p => p.Message == "Maximum tumour diameter is required to complete the operation.");
        Assert.All(missing, p => Assert.DoesNotMatch(CodeName(), p.Message));
    }

    [Fact]
    public void GivenARecurrenceFieldOnAPrimaryOperation_ThenTheValueIsRefusedInWords()
    {
        var refusals = FieldRules.Refusals(FormDefinitions.Operation, new SaveOperationCommand { Date = new(2020, 1, 1), Setting = OperationSetting.Primary, RecurrenceNumber = 2, PrimaryOperatedOutside = false });
        var refusal = Assert.Single(refusals);
        Assert.Equal("RecurrenceNumber", refusal.Property);
        Assert.Equal("Recurrence number is recorded only when Setting is Recurrence: leave it empty.", refusal.Message);
    }

    [Theory]
    [InlineData(16, true)]
    [InlineData(1.6, false)]
    [InlineData(0.2, false)]
    [InlineData(0.1, true)]
    public void GivenLymphocytesOutsideThePlausibleRange_ThenAWarningNamesThem(double lymphocytes, bool warned)
    {
        var warnings = FieldRules.Warnings(FormDefinitions.Labs, new LabPanelDetails { DrawDate = new(2020, 1, 1), LymphocytesE9PerL = (decimal)lymphocytes });
        Assert.Equal(warned, warnings.Any(w => w.Field == "lymphocytesE9PerL" && w.Message.StartsWith("Lymphocytes ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GivenAnOperationWithEverythingWrong_WhenValidated_ThenEveryProblemIsReportedAtOnceInWords()
    {
        var validator = new SaveOperationValidator(new FixedClock(new DateOnly(2024, 6, 1)));
        var result = await validator.ValidateAsync(new SaveOperationCommand
        {
            PatientId = Guid.NewGuid(), Date = new(2030, 1, 1), Setting = OperationSetting.Recurrence, MaxDiameterCm = 0.2m,
            AsaScore = 7, OrgansResected = 30, TumourOrigin = (TumourOrigin)42,
        });
        Assert.Equal(
            ["Date", "RecurrenceNumber", "MaxDiameterCm", "OrgansResected", "TumourOrigin", "AsaScore"],
            result.Errors.Select(e => e.PropertyName));
        Assert.Contains(result.Errors, e => e.ErrorMessage == "Maximum tumour diameter must be between 0.5 and 100 cm.");
        Assert.All(result.Errors, e => Assert.DoesNotMatch(CodeName(), e.ErrorMessage));
    }

    private static HashSet<string> Fields(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => !Plumbing.Contains(n))];

    /// <summary>A PascalCase identifier such as MaxDiameterCm or OperationDto (two capitals inside one word).</summary>
    [GeneratedRegex(@"\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex CodeName();

    private sealed class FixedClock(DateOnly today) : IClock
    {
        public DateTimeOffset UtcNow => new(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }
}

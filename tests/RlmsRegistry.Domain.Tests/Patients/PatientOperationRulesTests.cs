using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Patients;

public class PatientOperationRulesTests
{
    private static readonly DateOnly PrimaryDate = D(2012, 4, 2);

    [Fact]
    public void GivenToday_WhenOperationDatedTomorrow_ThenRejected() =>
        Rejected(nameof(Operation.Date), () => new PatientBuilder().Build().AddOperation(Primary(D(2025, 7, 1)), FixedClock.Default));

    [Fact]
    public void GivenToday_WhenOperationDatedToday_ThenAccepted() =>
        Assert.Equal(D(2025, 6, 30), new PatientBuilder().Build().AddOperation(Primary(D(2025, 6, 30)), FixedClock.Default).Date);

    [Fact]
    public void GivenBirthYear_WhenOutsidePrimaryDatedBeforeIt_ThenRejected() =>
        Rejected(nameof(Operation.OutsidePrimaryDate), () => new PatientBuilder().BornIn(1960).Build()
            .AddOperation(Recurrence(D(2015, 1, 1), 1, primaryOutside: true, outsidePrimaryDate: D(1959, 6, 1)), FixedClock.Default));

    [Fact]
    public void GivenBirthYear_WhenOperationBeforeIt_ThenRejected() =>
        Rejected(nameof(Operation.Date), () => new PatientBuilder().BornIn(1960).Build().AddOperation(Primary(D(1959, 12, 31)), FixedClock.Default));

    [Fact]
    public void GivenBirthYear_WhenOperationInThatYear_ThenAccepted() =>
        Assert.Equal(D(1960, 1, 1), new PatientBuilder().BornIn(1960).Build().AddOperation(Primary(D(1960, 1, 1)), FixedClock.Default).Date);

    [Fact]
    public void GivenOperation_WhenBirthYearChangedToAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().BornIn(1960).WithPrimaryOperation(D(1990, 5, 1)).Build();

        Rejected(nameof(Patient.BirthYear), () => patient.Update(Sex.Female, 1991, ConsentStatus.Given, FixedClock.Default));
        Assert.Equal(1960, patient.BirthYear);
    }

    [Fact]
    public void GivenNoPrimary_WhenRecurrenceRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().Build();

        Rejected(nameof(Operation.PrimaryOperatedOutside), () => patient.AddOperation(Recurrence(D(2015, 1, 1), 1), FixedClock.Default));
        Assert.Empty(patient.Operations);
    }

    [Fact]
    public void GivenPrimaryDeclaredOutside_WhenRecurrenceRecorded_ThenAccepted()
    {
        var patient = new PatientBuilder().Build();

        var operation = patient.AddOperation(Recurrence(D(2015, 1, 1), 1, primaryOutside: true), FixedClock.Default);

        Assert.True(operation.PrimaryOperatedOutside);
        Assert.Null(patient.FindPrimaryOperation());
    }

    [Fact]
    public void GivenRegistryPrimary_WhenLaterRecurrenceRecorded_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).Build();

        patient.AddOperation(Recurrence(D(2015, 1, 1), 1), FixedClock.Default);

        Assert.Equal(2, patient.Operations.Count);
    }

    [Fact]
    public void GivenRegistryPrimary_WhenRecurrenceDatedBeforeIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).Build();

        Rejected(nameof(Operation.PrimaryOperatedOutside), () => patient.AddOperation(Recurrence(PrimaryDate.AddDays(-1), 1), FixedClock.Default));
    }

    [Fact]
    public void GivenRegistryPrimary_WhenRecurrenceDeclaresOutsidePrimary_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).Build();

        Rejected(nameof(Operation.PrimaryOperatedOutside), () => patient.AddOperation(Recurrence(D(2015, 1, 1), 1, primaryOutside: true), FixedClock.Default));
    }

    [Fact]
    public void GivenPrimary_WhenSecondPrimaryRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).Build();

        Rejected(nameof(Operation.Setting), () => patient.AddOperation(Primary(D(2015, 1, 1)), FixedClock.Default));
    }

    [Fact]
    public void GivenOutsidePrimaryDeclared_WhenRegistryPrimaryRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithRecurrenceOperation(D(2015, 1, 1), primaryOutside: true).Build();

        Rejected(nameof(Operation.Setting), () => patient.AddOperation(Primary(D(2012, 1, 1)), FixedClock.Default));
    }

    [Fact]
    public void GivenRecurrenceNumber1_WhenAnotherNumber1Recorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithRecurrenceOperation(D(2015, 1, 1), 1).Build();

        Rejected(nameof(Operation.RecurrenceNumber), () => patient.AddOperation(Recurrence(D(2017, 1, 1), 1), FixedClock.Default));
    }

    [Fact]
    public void GivenRecurrenceNumber2_WhenNumber1DatedAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithRecurrenceOperation(D(2015, 1, 1), 2).Build();

        Rejected(nameof(Operation.RecurrenceNumber), () => patient.AddOperation(Recurrence(D(2017, 1, 1), 1), FixedClock.Default));
    }

    [Fact]
    public void GivenRecurrencesInOrder_WhenRecorded_ThenFirstRecurrenceFound()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate)
            .WithRecurrenceOperation(D(2017, 1, 1), 2)
            .WithRecurrenceOperation(D(2015, 1, 1), 1)
            .Build();

        Assert.Equal(D(2015, 1, 1), patient.FindFirstRecurrenceOperation()!.Date);
    }

    [Fact]
    public void GivenRecurrence_WhenPrimaryMovedAfterIt_ThenRejectedAndUnchanged()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithRecurrenceOperation(D(2015, 1, 1)).Build();
        var primary = patient.FindPrimaryOperation()!;

        Rejected(nameof(Operation.Date), () => patient.UpdateOperation(primary.Id, Primary(D(2016, 1, 1)), null, FixedClock.Default));
        Assert.Equal(PrimaryDate, primary.Date);
    }

    [Fact]
    public void GivenRecurrence_WhenPrimaryTurnedIntoARecurrence_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithRecurrenceOperation(D(2015, 1, 1)).Build();
        var primary = patient.FindPrimaryOperation()!;

        Rejected(nameof(Operation.Setting), () => patient.UpdateOperation(primary.Id, Recurrence(PrimaryDate, 2, primaryOutside: true), null, FixedClock.Default));
        Assert.Equal(OperationSetting.Primary, primary.Setting);
    }

    [Fact]
    public void GivenOutsidePrimaryDate_WhenAnotherRecurrenceGivesAnother_ThenRejected()
    {
        var patient = new PatientBuilder().WithRecurrenceOperation(D(2015, 1, 1), 1, primaryOutside: true, outsidePrimaryDate: D(2011, 1, 1)).Build();

        Rejected(nameof(Operation.OutsidePrimaryDate), () => patient.AddOperation(Recurrence(D(2017, 1, 1), 2, primaryOutside: true, outsidePrimaryDate: D(2012, 1, 1)), FixedClock.Default));
    }

    [Fact]
    public void GivenFollowUpEvent_WhenFirstOperationMovedAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithVisit(D(2013, 1, 1)).Build();
        var primary = patient.FindPrimaryOperation()!;

        Rejected(nameof(Operation.Date), () => patient.UpdateOperation(primary.Id, Primary(D(2013, 2, 1)), null, FixedClock.Default));
    }

    [Fact]
    public void GivenOperation_WhenUpdatedWithinTheRules_ThenValuesReplaced()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).Build();
        var primary = patient.FindPrimaryOperation()!;

        patient.UpdateOperation(primary.Id, primary.ToDetails() with { Resection = ResectionCompleteness.R2, MaxDiameterCm = 22.5m }, null, FixedClock.Default);

        Assert.Equal(ResectionCompleteness.R2, primary.Resection);
        Assert.Equal(AjccTCategory.T4, primary.TCategory);
    }

    [Fact]
    public void GivenRejectedChange_WhenApplied_ThenNothingHalfSaved()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(PrimaryDate).WithRecurrenceOperation(D(2015, 1, 1)).Build();
        var primary = patient.FindPrimaryOperation()!;
        var before = primary.ToDetails();

        Rejected(nameof(Operation.Date), () => patient.UpdateOperation(primary.Id, before with { Date = D(2016, 1, 1), MaxDiameterCm = 30m }, null, FixedClock.Default));

        Assert.Equal(before, primary.ToDetails());
    }
}

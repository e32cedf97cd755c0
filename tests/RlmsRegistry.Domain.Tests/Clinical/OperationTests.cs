using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class OperationTests
{
    private static readonly DateOnly Surgery = D(2015, 3, 1);

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(100, true)]
    [InlineData(0.49, false)]
    [InlineData(100.1, false)]
    public void GivenDiameter_WhenRecorded_ThenOnly0Point5To100CmAccepted(double diameter, bool accepted)
    {
        var patient = new PatientBuilder().Build();
        var details = Primary(Surgery) with { MaxDiameterCm = (decimal)diameter };

        if (accepted)
        {
            Assert.Equal((decimal)diameter, patient.AddOperation(details, FixedClock.Default).MaxDiameterCm);
        }
        else
        {
            Rejected(nameof(Operation.MaxDiameterCm), () => patient.AddOperation(details, FixedClock.Default));
            Assert.Empty(patient.Operations);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void GivenAsaOutside1To5_WhenRecorded_ThenRejected(int asa) =>
        Rejected(nameof(Operation.AsaScore), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { AsaScore = asa }, FixedClock.Default));

    [Fact]
    public void GivenNegativeOrganCount_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.OrgansResected), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { OrgansResected = -1 }, FixedClock.Default));

    [Fact]
    public void GivenNegativeBloodLoss_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.BloodLossMl), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { BloodLossMl = -5 }, FixedClock.Default));

    [Fact]
    public void GivenUndefinedEnumValue_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.Resection), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { Resection = (ResectionCompleteness)9 }, FixedClock.Default));

    [Fact]
    public void GivenIvcAndOtherVesselResected_WhenRecorded_ThenBothKept()
    {
        var both = VascularResection.InferiorVenaCava | VascularResection.OtherMajorVessel;

        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery) with { VascularResection = both }, FixedClock.Default);

        Assert.True(operation.VascularResection!.Value.HasFlag(VascularResection.InferiorVenaCava));
        Assert.True(operation.VascularResection.Value.HasFlag(VascularResection.OtherMajorVessel));
    }

    [Fact]
    public void GivenUnknownVesselFlag_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.VascularResection), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { VascularResection = (VascularResection)4 }, FixedClock.Default));

    [Theory]
    [InlineData(0.5, AjccTCategory.T1)]
    [InlineData(5, AjccTCategory.T1)]
    [InlineData(5.1, AjccTCategory.T2)]
    [InlineData(10, AjccTCategory.T2)]
    [InlineData(10.1, AjccTCategory.T3)]
    [InlineData(15, AjccTCategory.T3)]
    [InlineData(15.1, AjccTCategory.T4)]
    [InlineData(40, AjccTCategory.T4)]
    public void GivenDiameter_WhenStaged_ThenAjcc8thTCategory(double diameter, AjccTCategory expected)
    {
        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery) with { MaxDiameterCm = (decimal)diameter }, FixedClock.Default);

        Assert.Equal(expected, operation.TCategory);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void GivenOrgansResected_WhenRead_ThenMultivisceralAboveOne(int organs, bool multivisceral) =>
        Assert.Equal(multivisceral, new PatientBuilder().Build().AddOperation(Primary(Surgery) with { OrgansResected = organs }, FixedClock.Default).IsMultivisceral);

    [Fact]
    public void GivenNoDiameterOrOrganCount_WhenRead_ThenDerivedValuesUnknown()
    {
        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery) with { MaxDiameterCm = null, OrgansResected = null }, FixedClock.Default);

        Assert.Null(operation.TCategory);
        Assert.Null(operation.IsMultivisceral);
    }

    [Fact]
    public void GivenPrimaryWithRecurrenceNumber_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.RecurrenceNumber), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { RecurrenceNumber = 1 }, FixedClock.Default));

    [Fact]
    public void GivenPrimaryDeclaredOutside_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.PrimaryOperatedOutside), () => new PatientBuilder().Build().AddOperation(Primary(Surgery) with { PrimaryOperatedOutside = true }, FixedClock.Default));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void GivenRecurrenceWithoutValidNumber_WhenRecorded_ThenRejected(int? number) =>
        Rejected(nameof(Operation.RecurrenceNumber), () => new PatientBuilder().Build().AddOperation(Recurrence(Surgery, 1, primaryOutside: true) with { RecurrenceNumber = number }, FixedClock.Default));

    [Fact]
    public void GivenOutsidePrimaryDateWithoutDeclaration_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.OutsidePrimaryDate), () => new PatientBuilder().WithPrimaryOperation(D(2010, 1, 1)).Build()
            .AddOperation(Recurrence(Surgery, 1) with { OutsidePrimaryDate = D(2010, 1, 1) }, FixedClock.Default));

    [Fact]
    public void GivenOutsidePrimaryDateNotBeforeOperation_WhenRecorded_ThenRejected() =>
        Rejected(nameof(Operation.OutsidePrimaryDate), () => new PatientBuilder().Build()
            .AddOperation(Recurrence(Surgery, 1, primaryOutside: true, outsidePrimaryDate: Surgery), FixedClock.Default));

    [Fact]
    public void GivenDeathWithin30Days_WhenMortalityDerived_ThenBoth30And90DayTrue()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(Surgery.AddDays(30)).Build();
        var id = patient.Operations.Single().Id;

        Assert.True(patient.PostoperativeMortality(id, 30));
        Assert.True(patient.PostoperativeMortality(id, 90));
    }

    [Fact]
    public void GivenDeathOnDay60_WhenMortalityDerived_Then30DayFalseAnd90DayTrue()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(Surgery.AddDays(60)).Build();
        var id = patient.Operations.Single().Id;

        Assert.False(patient.PostoperativeMortality(id, 30));
        Assert.True(patient.PostoperativeMortality(id, 90));
    }

    [Fact]
    public void GivenAliveAtDay45AndNoLaterNews_WhenMortalityDerived_Then30DayFalseAnd90DayUnknown()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(Surgery.AddDays(45)).Build();
        var id = patient.Operations.Single().Id;

        Assert.False(patient.PostoperativeMortality(id, 30));
        Assert.Null(patient.PostoperativeMortality(id, 90));
    }
}

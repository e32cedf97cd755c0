using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class LabPanelTests
{
    private static readonly DateOnly Surgery = D(2015, 3, 31);

    private static (Patient Patient, Operation Operation) PatientWithOperation()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        return (patient, patient.Operations.Single());
    }

    [Fact]
    public void GivenCounts_WhenRead_ThenNlrAndPlrDerived()
    {
        var (patient, operation) = PatientWithOperation();

        var lab = patient.RecordLabPanel(operation.Id, Lab(Surgery.AddDays(-3), platelets: 280m, neutrophils: 4.2m, lymphocytes: 1.4m));

        Assert.Equal(3m, lab.Nlr);
        Assert.Equal(200m, lab.Plr);
    }

    [Fact]
    public void GivenCountsEdited_WhenRead_ThenRatiosFollow()
    {
        var (patient, operation) = PatientWithOperation();
        patient.RecordLabPanel(operation.Id, Lab(Surgery, neutrophils: 4.2m, lymphocytes: 1.4m));

        patient.UpdateLabPanel(operation.Id, Lab(Surgery, neutrophils: 6m, lymphocytes: 1.5m), null);

        Assert.Equal(4m, operation.LabPanel!.Nlr);
    }

    [Fact]
    public void GivenLymphocytesMissing_WhenRead_ThenNoRatios()
    {
        var (patient, operation) = PatientWithOperation();

        var lab = patient.RecordLabPanel(operation.Id, Lab(Surgery) with { LymphocytesE9PerL = null });

        Assert.Null(lab.Nlr);
        Assert.Null(lab.Plr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-30)]
    public void GivenDrawWithin30DaysBeforeSurgery_WhenRecorded_ThenAccepted(int offsetDays)
    {
        var (patient, operation) = PatientWithOperation();

        var lab = patient.RecordLabPanel(operation.Id, Lab(Surgery.AddDays(offsetDays)));

        Assert.Equal(Surgery.AddDays(offsetDays), lab.DrawDate);
    }

    [Theory]
    [InlineData(-31)]
    [InlineData(1)]
    public void GivenDrawOutsideWindow_WhenRecorded_ThenRejected(int offsetDays)
    {
        var (patient, operation) = PatientWithOperation();

        Rejected(nameof(LabPanel.DrawDate), () => patient.RecordLabPanel(operation.Id, Lab(Surgery.AddDays(offsetDays))));
        Assert.Null(operation.LabPanel);
    }

    [Fact]
    public void GivenShorterWindow_WhenDrawBeforeIt_ThenRejected()
    {
        var (patient, operation) = PatientWithOperation();

        Rejected(nameof(LabPanel.DrawDate), () => patient.RecordLabPanel(operation.Id, Lab(Surgery.AddDays(-15)), windowDays: 14));
        patient.RecordLabPanel(operation.Id, Lab(Surgery.AddDays(-14)), windowDays: 14);
    }

    [Fact]
    public void GivenLabPanelRecorded_WhenASecondIsRecorded_ThenRejected()
    {
        var (patient, operation) = PatientWithOperation();
        patient.RecordLabPanel(operation.Id, Lab(Surgery));

        Rejected(string.Empty, () => patient.RecordLabPanel(operation.Id, Lab(Surgery)));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2000, true)]
    [InlineData(0.9, false)]
    [InlineData(2000.1, false)]
    public void GivenPlatelets_WhenRecorded_ThenOnly1To2000Accepted(double platelets, bool accepted) =>
        AssertRange(Lab(Surgery, platelets: (decimal)platelets), nameof(LabPanel.PlateletsE9PerL), accepted);

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(100, true)]
    [InlineData(0.009, false)]
    [InlineData(100.01, false)]
    public void GivenNeutrophils_WhenRecorded_ThenOnly0Point01To100Accepted(double neutrophils, bool accepted) =>
        AssertRange(Lab(Surgery, neutrophils: (decimal)neutrophils), nameof(LabPanel.NeutrophilsE9PerL), accepted);

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(100, true)]
    [InlineData(0.009, false)]
    [InlineData(100.01, false)]
    public void GivenLymphocytes_WhenRecorded_ThenOnly0Point01To100Accepted(double lymphocytes, bool accepted) =>
        AssertRange(Lab(Surgery, lymphocytes: (decimal)lymphocytes), nameof(LabPanel.LymphocytesE9PerL), accepted);

    [Theory]
    [InlineData(nameof(LabPanel.HaemoglobinGPerL), 10)]
    [InlineData(nameof(LabPanel.AlbuminGPerL), 120)]
    public void GivenImplausibleOptionalValue_WhenRecorded_ThenRejected(string field, double value)
    {
        var details = field == nameof(LabPanel.HaemoglobinGPerL)
            ? Lab(Surgery) with { HaemoglobinGPerL = (decimal)value }
            : Lab(Surgery) with { AlbuminGPerL = (decimal)value };

        AssertRange(details, field, accepted: false);
    }

    private static void AssertRange(LabPanelDetails details, string field, bool accepted)
    {
        var (patient, operation) = PatientWithOperation();
        if (accepted)
        {
            patient.RecordLabPanel(operation.Id, details);
            Assert.NotNull(operation.LabPanel);
        }
        else
        {
            Rejected(field, () => patient.RecordLabPanel(operation.Id, details));
        }
    }
}

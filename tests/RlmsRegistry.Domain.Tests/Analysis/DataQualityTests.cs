using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Analysis;

public class DataQualityTests
{
    private static readonly DateOnly Surgery = D(2024, 3, 1);

    [Fact]
    public void GivenCompleteRecentRecord_WhenAssessed_ThenClean()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport()).WithLabPanel(Lab(Surgery)).WithVisit(D(2025, 1, 10)).Build();

        Assert.True(DataQuality.Assess(patient, FixedClock.Default).IsClean);
    }

    [Fact]
    public void GivenOperationWithoutPathologyAndLab_WhenAssessed_ThenBothFormsMissing()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2025, 1, 10)).Build();

        var quality = DataQuality.Assess(patient, FixedClock.Default);

        Assert.Equal(
            [(FormKind.Pathology, patient.Operations.Single().Id), (FormKind.LabPanel, patient.Operations.Single().Id)],
            quality.Issues.Where(i => i.Kind == DataQualityIssueKind.MissingForm).Select(i => (i.Form, i.FormId!.Value)));
    }

    [Fact]
    public void GivenDraftWithEmptyMandatoryFields_WhenAssessed_ThenEachFieldListed()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery, d => d with { Resection = null, TumourOrigin = null })
            .WithPathology(PathologyReport() with { MarginStatus = null }).WithLabPanel(Lab(Surgery)).WithVisit(D(2025, 1, 10)).Build();

        var quality = DataQuality.Assess(patient, FixedClock.Default);

        Assert.Equal(
            [(FormKind.Operation, "Resection"), (FormKind.Operation, "TumourOrigin"), (FormKind.Pathology, "MarginStatus")],
            quality.Issues.Where(i => i.Kind == DataQualityIssueKind.MissingMandatoryField).Select(i => (i.Form, i.Field!)));
    }

    [Fact]
    public void GivenGradeConflict_WhenAssessed_ThenListed()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport(1, 1, Necrosis.None, FnclccGrade.G3)).WithLabPanel(Lab(Surgery)).WithVisit(D(2025, 1, 10)).Build();

        var issue = Assert.Single(DataQuality.Assess(patient, FixedClock.Default).Issues);

        Assert.Equal((DataQualityIssueKind.GradeConflict, nameof(Pathology.ReportedGrade)), (issue.Kind, issue.Field));
    }

    [Fact]
    public void GivenOperationDateCorrectedAfterLabs_WhenAssessed_ThenLabOutsideWindowListed()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport()).WithLabPanel(Lab(Surgery.AddDays(-2))).Build();
        var operation = patient.Operations.Single();
        patient.UpdateOperation(operation.Id, operation.ToDetails() with { Date = Surgery.AddDays(-10) }, null, FixedClock.Default);
        patient.AddFollowUpEvent(Event(D(2025, 1, 10), FollowUpEventType.Visit), FixedClock.Default);

        var issue = Assert.Single(DataQuality.Assess(patient, FixedClock.Default).Issues);

        Assert.Equal((DataQualityIssueKind.LabOutsideWindow, operation.LabPanel!.Id), (issue.Kind, issue.FormId));
    }

    [Fact]
    public void GivenNoNewsForMoreThan12Months_WhenAssessed_ThenFollowUpOverdue()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport()).WithLabPanel(Lab(Surgery)).WithVisit(D(2024, 6, 29)).Build();

        var issue = Assert.Single(DataQuality.Assess(patient, FixedClock.Default).Issues);

        Assert.Equal(DataQualityIssueKind.FollowUpOverdue, issue.Kind);
        Assert.Equal(D(2024, 6, 29), DataQuality.FollowUpOverdueSince(patient, D(2025, 6, 30)));
    }

    [Fact]
    public void GivenNewsExactly12MonthsAgo_WhenAssessed_ThenNotOverdue()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2024, 6, 30)).Build();

        Assert.Null(DataQuality.FollowUpOverdueSince(patient, D(2025, 6, 30)));
    }

    [Fact]
    public void GivenDeathRecordedLongAgo_WhenAssessed_ThenNoFollowUpExpected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(D(2015, 1, 1)).WithDeath(D(2016, 1, 1)).Build();

        Assert.Equal(0, DataQuality.Assess(patient, FixedClock.Default).Count(DataQualityIssueKind.FollowUpOverdue));
    }

    [Fact]
    public void GivenLatestEventIsLossToFollowUp_WhenAssessed_ThenNotOverdue()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(D(2015, 1, 1)).WithEvent(D(2017, 1, 1), FollowUpEventType.LostToFollowUp).Build();

        Assert.Null(DataQuality.FollowUpOverdueSince(patient, D(2025, 6, 30)));
    }
}

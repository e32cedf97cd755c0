using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class RecordStatusTests
{
    private static readonly DateOnly Surgery = D(2015, 3, 1);

    [Fact]
    public void GivenNewForm_WhenCreated_ThenDraftAndUnlocked()
    {
        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery), FixedClock.Default);

        Assert.Equal(RecordStatus.Draft, operation.Status);
        Assert.False(operation.IsLocked);
    }

    [Fact]
    public void GivenMandatoryFieldsMissing_WhenCompleted_ThenRejectedNamingTheField()
    {
        var operation = new PatientBuilder().Build()
            .AddOperation(Primary(Surgery) with { Resection = null, AsaScore = null }, FixedClock.Default);

        Assert.Equal(["Resection", "AsaScore"], operation.MissingMandatoryFields());
        Rejected(nameof(Operation.Resection), operation.Complete);
        Assert.Equal(RecordStatus.Draft, operation.Status);
    }

    [Fact]
    public void GivenMandatoryFieldsPresent_WhenCompleted_ThenComplete()
    {
        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery) with { BloodLossMl = null, Transfused = null, OperativeTimeMinutes = null }, FixedClock.Default);

        operation.Complete();

        Assert.Equal(RecordStatus.Complete, operation.Status);
    }

    [Fact]
    public void GivenEmptyOperation_WhenAskedWhatIsMissing_ThenEveryMandatoryFieldListed()
    {
        var empty = new OperationDetails { Date = Surgery, Setting = OperationSetting.Primary };

        Assert.Equal(
            ["Resection", "MaxDiameterCm", "Multifocal", "OrgansResected", "VascularResection", "TumourOrigin", "ClavienDindo", "AsaScore",
             "NeoadjuvantRadiotherapy", "NeoadjuvantChemotherapy", "AdjuvantRadiotherapy", "AdjuvantChemotherapy"],
            empty.MissingMandatoryFields());
    }

    [Fact]
    public void GivenEmptyPathology_WhenAskedWhatIsMissing_ThenComponentsHistotypeAndMarginListed() =>
        Assert.Equal(["Histotype", "DifferentiationScore", "MitoticCountPer10Hpf", "Necrosis", "MarginStatus"], new PathologyDetails().MissingMandatoryFields());

    [Fact]
    public void GivenPathologyWithoutGradeOrKi67_WhenCompleted_ThenComplete()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var pathology = patient.RecordPathology(patient.Operations.Single().Id, PathologyReport() with { ReportedGrade = null, Ki67Percent = null });

        pathology.Complete();

        Assert.Equal(RecordStatus.Complete, pathology.Status);
    }

    [Fact]
    public void GivenLabPanelWithoutLymphocytes_WhenCompleted_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var lab = patient.RecordLabPanel(patient.Operations.Single().Id, Lab(Surgery) with { LymphocytesE9PerL = null });

        Rejected(nameof(LabPanel.LymphocytesE9PerL), lab.Complete);
    }

    [Theory]
    [InlineData(FollowUpEventType.Visit, "DiseaseStatus")]
    [InlineData(FollowUpEventType.DistantMetastasis, "Site")]
    public void GivenEventWithoutItsTypeSpecificField_WhenCompleted_ThenRejected(FollowUpEventType type, string field)
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var followUpEvent = patient.AddFollowUpEvent(new FollowUpEventDetails { Date = D(2016, 1, 1), Type = type }, FixedClock.Default);

        Assert.Equal([field], followUpEvent.MissingMandatoryFields());
        Rejected(field, followUpEvent.Complete);
    }

    [Fact]
    public void GivenLocalRecurrence_WhenCompleted_ThenNothingElseNeeded()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var followUpEvent = patient.AddFollowUpEvent(new FollowUpEventDetails { Date = D(2016, 1, 1), Type = FollowUpEventType.LocalRecurrence }, FixedClock.Default);

        followUpEvent.Complete();

        Assert.Equal(RecordStatus.Complete, followUpEvent.Status);
    }

    [Fact]
    public void GivenDraftForm_WhenEditedWithoutReason_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();

        patient.UpdateOperation(operation.Id, Primary(Surgery) with { Multifocal = true }, null, FixedClock.Default);

        Assert.True(operation.Multifocal);
        Assert.Null(operation.LastEditReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenCompleteForm_WhenEditedWithoutReason_ThenRejected(string? reason)
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();

        Rejected(ClinicalForm.EditReasonField, () => patient.UpdateOperation(operation.Id, Primary(Surgery) with { Multifocal = true }, reason, FixedClock.Default));
        Assert.False(operation.Multifocal);
    }

    [Fact]
    public void GivenCompleteForm_WhenEditedWithReason_ThenReasonKeptAndQueuedForAudit()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();
        operation.TakePendingChanges();

        patient.UpdateOperation(operation.Id, Primary(Surgery) with { Multifocal = true }, "  Source document re-read  ", FixedClock.Default);

        Assert.True(operation.Multifocal);
        Assert.Equal(RecordStatus.Complete, operation.Status);
        Assert.Equal("Source document re-read", operation.LastEditReason);
        var change = Assert.Single(operation.TakePendingChanges());
        Assert.Equal(new FormChange(FormKind.Operation, operation.Id, FormChangeKind.Edited, "Source document re-read"), change);
        Assert.Empty(operation.TakePendingChanges());
    }

    [Fact]
    public void GivenCompleteForm_WhenEditEmptiesAMandatoryField_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();

        Rejected(nameof(Operation.MaxDiameterCm), () => patient.UpdateOperation(operation.Id, Primary(Surgery) with { MaxDiameterCm = null }, "unknown", FixedClock.Default));
    }

    [Fact]
    public void GivenCompletePathology_WhenEditedWithoutReason_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport()).Build();
        var operation = patient.Operations.Single();
        operation.Pathology!.Complete();

        Rejected(ClinicalForm.EditReasonField, () => patient.UpdatePathology(operation.Id, PathologyReport(3), null));
        patient.UpdatePathology(operation.Id, PathologyReport(3), "Revised report");
        Assert.Equal(3, operation.Pathology.DifferentiationScore);
    }

    [Fact]
    public void GivenCompleteLabPanel_WhenEditedWithoutReason_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithLabPanel(Lab(Surgery)).Build();
        var operation = patient.Operations.Single();
        operation.LabPanel!.Complete();

        Rejected(ClinicalForm.EditReasonField, () => patient.UpdateLabPanel(operation.Id, Lab(Surgery, platelets: 300m), null));
    }

    [Fact]
    public void GivenCompleteEvent_WhenRemovedWithoutReason_ThenRejected_AndWithReasonRemovedAndAudited()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2016, 1, 1)).Build();
        var visit = patient.FollowUpEvents.Single();
        visit.Complete();

        Rejected(ClinicalForm.EditReasonField, () => patient.RemoveFollowUpEvent(visit.Id, null));
        patient.RemoveFollowUpEvent(visit.Id, "Entered on the wrong patient");

        Assert.Empty(patient.FollowUpEvents);
        Assert.Contains(new FormChange(FormKind.FollowUpEvent, visit.Id, FormChangeKind.Removed, "Entered on the wrong patient"), visit.TakePendingChanges());
    }

    [Fact]
    public void GivenLockedRecord_WhenEdited_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();
        operation.Lock();

        Rejected(string.Empty, () => patient.UpdateOperation(operation.Id, Primary(Surgery) with { Multifocal = true }, "correction", FixedClock.Default));
        Assert.False(operation.Multifocal);
    }

    [Fact]
    public void GivenLockedEvent_WhenEditedOrRemoved_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2016, 1, 1)).Build();
        var visit = patient.FollowUpEvents.Single();
        visit.Lock();

        Rejected(string.Empty, () => patient.UpdateFollowUpEvent(visit.Id, Event(D(2016, 2, 1), FollowUpEventType.Visit), "correction", FixedClock.Default));
        Rejected(string.Empty, () => patient.RemoveFollowUpEvent(visit.Id, "duplicate"));
        Rejected(string.Empty, visit.Complete);
        Assert.Single(patient.FollowUpEvents);
    }

    [Fact]
    public void GivenLockedPathologyAndLab_WhenEdited_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithPathology(PathologyReport()).WithLabPanel(Lab(Surgery)).Build();
        var operation = patient.Operations.Single();
        operation.Pathology!.Lock();
        operation.LabPanel!.Lock();

        Rejected(string.Empty, () => patient.UpdatePathology(operation.Id, PathologyReport(3), "x"));
        Rejected(string.Empty, () => patient.UpdateLabPanel(operation.Id, Lab(Surgery, platelets: 300m), "x"));
    }

    [Fact]
    public void GivenUnlockedRecord_WhenEditedWithReason_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();
        operation.Lock();
        operation.Unlock();

        patient.UpdateOperation(operation.Id, Primary(Surgery) with { Multifocal = true }, "query resolved", FixedClock.Default);

        Assert.True(operation.Multifocal);
    }

    [Fact]
    public void GivenFormLifecycle_WhenChangesTaken_ThenEachStepQueuedInOrder()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();
        operation.Lock();
        operation.Unlock();

        Assert.Equal(
            [FormChangeKind.Created, FormChangeKind.Completed, FormChangeKind.Locked, FormChangeKind.Unlocked],
            operation.TakePendingChanges().Select(c => c.Change));
    }

    [Fact]
    public void GivenOverlongReason_WhenEdited_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();
        var operation = patient.Operations.Single();
        operation.Complete();

        Rejected(ClinicalForm.EditReasonField, () => patient.UpdateOperation(operation.Id, Primary(Surgery), new string('x', ClinicalForm.EditReasonMaxLength + 1), FixedClock.Default));
    }

    [Fact]
    public void GivenForm_WhenSaved_ThenVersionBumped()
    {
        var operation = new PatientBuilder().Build().AddOperation(Primary(Surgery), FixedClock.Default);

        operation.BumpVersion();

        Assert.Equal(1, operation.Version);
    }
}

using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class FollowUpEventTests
{
    private static readonly DateOnly Surgery = D(2015, 3, 1);
    private static readonly DateOnly DeathDate = D(2018, 5, 10);

    [Fact]
    public void GivenDeathRecorded_WhenEventAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();

        Rejected(nameof(FollowUpEvent.Date), () => patient.AddFollowUpEvent(Event(DeathDate.AddDays(1), FollowUpEventType.Visit), FixedClock.Default));
        Assert.Single(patient.FollowUpEvents);
    }

    [Fact]
    public void GivenDeathRecorded_WhenEventOnTheSameDay_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();

        patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.DistantMetastasis), FixedClock.Default);

        Assert.Equal(2, patient.FollowUpEvents.Count);
    }

    [Fact]
    public void GivenDeathRecorded_WhenOperationAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();

        Rejected(nameof(Operation.Date), () => patient.AddOperation(Recurrence(DeathDate.AddDays(1), 1), FixedClock.Default));
        Assert.Single(patient.Operations);
    }

    [Fact]
    public void GivenDeathRecorded_WhenOperationMovedAfterIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();
        var operation = patient.Operations.Single();

        Rejected(nameof(Operation.Date), () => patient.UpdateOperation(operation.Id, Primary(DeathDate.AddDays(1)), null, FixedClock.Default));
        Assert.Equal(Surgery, operation.Date);
    }

    [Fact]
    public void GivenDeathRecorded_WhenASecondDeath_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();

        Rejected(nameof(FollowUpEvent.Type), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Death), FixedClock.Default));
    }

    [Fact]
    public void GivenLaterVisit_WhenDeathRecordedBeforeIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2019, 1, 1)).Build();

        Rejected(nameof(FollowUpEvent.Date), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Death), FixedClock.Default));
    }

    [Fact]
    public void GivenLaterOperation_WhenDeathRecordedBeforeIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithRecurrenceOperation(D(2019, 1, 1)).Build();

        Rejected(nameof(FollowUpEvent.Date), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Death), FixedClock.Default));
    }

    [Fact]
    public void GivenVisitsRecorded_WhenDeathMovedBeforeOne_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2017, 1, 1)).WithDeath(DeathDate).Build();
        var death = patient.FindDeath()!;

        Rejected(nameof(FollowUpEvent.Date), () => patient.UpdateFollowUpEvent(death.Id, Event(D(2016, 12, 31), FollowUpEventType.Death), null, FixedClock.Default));
        Assert.Equal(DeathDate, death.Date);
    }

    [Fact]
    public void GivenDeathRemoved_WhenLaterEventAdded_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithDeath(DeathDate).Build();

        patient.RemoveFollowUpEvent(patient.FindDeath()!.Id, null);
        patient.AddFollowUpEvent(Event(DeathDate.AddDays(1), FollowUpEventType.Visit), FixedClock.Default);

        Assert.Null(patient.FindDeath());
    }

    [Fact]
    public void GivenDeathWithoutCause_WhenRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.CauseOfDeath), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Death) with { CauseOfDeath = null }, FixedClock.Default));
    }

    [Fact]
    public void GivenCauseOfDeathOnAVisit_WhenRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.CauseOfDeath), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Visit) with { CauseOfDeath = CauseOfDeath.Other }, FixedClock.Default));
    }

    [Fact]
    public void GivenDiseaseStatusOnARecurrence_WhenRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.DiseaseStatus), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.LocalRecurrence) with { DiseaseStatus = DiseaseStatus.AliveWithDisease }, FixedClock.Default));
    }

    [Fact]
    public void GivenSiteOnAVisit_WhenRecorded_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.Site), () => patient.AddFollowUpEvent(Event(DeathDate, FollowUpEventType.Visit) with { Site = MetastasisSite.Liver }, FixedClock.Default));
    }

    [Fact]
    public void GivenFirstOperation_WhenEventBeforeIt_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.Date), () => patient.AddFollowUpEvent(Event(Surgery.AddDays(-1), FollowUpEventType.Visit), FixedClock.Default));
    }

    [Fact]
    public void GivenNoOperation_WhenEventRecorded_ThenRejected() =>
        Rejected(nameof(FollowUpEvent.Date), () => new PatientBuilder().Build().AddFollowUpEvent(Event(Surgery, FollowUpEventType.Visit), FixedClock.Default));

    [Fact]
    public void GivenEventOnTheDayOfSurgery_WhenRecorded_ThenAccepted()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        patient.AddFollowUpEvent(Event(Surgery, FollowUpEventType.Death), FixedClock.Default);

        Assert.True(patient.PostoperativeMortality(patient.Operations.Single().Id, 30));
    }

    [Fact]
    public void GivenToday_WhenEventDatedTomorrow_ThenRejected()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).Build();

        Rejected(nameof(FollowUpEvent.Date), () => patient.AddFollowUpEvent(Event(D(2025, 7, 1), FollowUpEventType.Visit), FixedClock.Default));
        patient.AddFollowUpEvent(Event(D(2025, 6, 30), FollowUpEventType.Visit), FixedClock.Default);
    }

    [Fact]
    public void GivenEvent_WhenUpdatedToADateBeforeSurgery_ThenRejectedAndUnchanged()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(Surgery).WithVisit(D(2016, 1, 1)).Build();
        var visit = patient.FollowUpEvents.Single();

        Rejected(nameof(FollowUpEvent.Date), () => patient.UpdateFollowUpEvent(visit.Id, Event(D(2014, 1, 1), FollowUpEventType.Visit), null, FixedClock.Default));
        Assert.Equal(D(2016, 1, 1), visit.Date);
    }
}

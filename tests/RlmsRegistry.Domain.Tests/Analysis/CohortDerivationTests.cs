using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Analysis;

public class CohortDerivationTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void GivenFourCalendarYears_WhenMonthsComputed_ThenExactly48()
    {
        Assert.Equal(48.0, CohortDerivation.Months(D(2020, 1, 1), D(2024, 1, 1)), Tolerance);
        Assert.Equal(1 / 30.4375, CohortDerivation.Months(D(2020, 2, 28), D(2020, 2, 29)), Tolerance);
    }

    [Fact]
    public void GivenPrimaryPatientWhoDied_WhenRowDerived_ThenOsToDeathWithEvent()
    {
        var primaryDate = D(2015, 3, 1);
        var patient = new PatientBuilder().BornIn(1958).WithSex(Sex.Male).WithStudyId("PUMCH-00007")
            .WithPrimaryOperation(primaryDate, d => d with { MaxDiameterCm = 18.5m, Resection = ResectionCompleteness.R1, Multifocal = true })
            .WithPathology(PathologyReport(2, 25, Necrosis.LessThan50, reported: FnclccGrade.G2))
            .WithLabPanel(Lab(primaryDate.AddDays(-5), platelets: 310m, neutrophils: 5m, lymphocytes: 2m))
            .WithVisit(D(2016, 3, 1))
            .WithDeath(D(2018, 3, 1))
            .Build();

        var row = Assert.Single(CohortDerivation.Rows(patient, "PUMCH"));

        Assert.Equal(
            new AnalysisRow("PUMCH-00007", "PUMCH", Cohort.Primary, primaryDate, 57, Sex.Male, 18.5m, FnclccGrade.G3, 310m, 2.5m,
                ResectionCompleteness.R1, true, null, (D(2018, 3, 1).DayNumber - primaryDate.DayNumber) / 30.4375, 1)
            {
                RecurrenceMonths = (D(2018, 3, 1).DayNumber - primaryDate.DayNumber) / 30.4375,
                RecurrenceStatus = CohortDerivation.DeathWithoutRecurrence,
            },
            row);
    }

    [Fact]
    public void GivenPrimaryPatientAlive_WhenRowDerived_ThenCensoredAtLastNews()
    {
        var primaryDate = D(2015, 3, 1);
        var patient = new PatientBuilder().WithPrimaryOperation(primaryDate)
            .WithVisit(D(2016, 3, 1))
            .WithEvent(D(2019, 9, 15), FollowUpEventType.LocalRecurrence)
            .WithVisit(D(2017, 3, 1))
            .Build();

        var row = CohortDerivation.PrimaryRow(patient, "PUMCH")!;

        Assert.Equal(0, row.OsEvent);
        Assert.Equal(CohortDerivation.Months(primaryDate, D(2019, 9, 15)), row.OsMonths, Tolerance);
        Assert.Null(row.DfiMonths);
        Assert.Null(CohortDerivation.RecurrentRow(patient, "PUMCH"));
    }

    [Fact]
    public void GivenOnlyTheOperation_WhenRowDerived_ThenCensoredAtTimeZero()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(D(2024, 1, 10)).Build();

        var row = CohortDerivation.PrimaryRow(patient, "PUMCH")!;

        Assert.Equal((0.0, 0), (row.OsMonths, row.OsEvent));
    }

    [Fact]
    public void GivenRecurrenceWithOutsidePrimaryDate_WhenRowDerived_ThenRecurrentCohortWithDfiFromThatDate()
    {
        var outsidePrimary = D(2010, 6, 1);
        var recurrenceDate = D(2014, 2, 1);
        var patient = new PatientBuilder().BornIn(1950)
            .WithRecurrenceOperation(recurrenceDate, 1, primaryOutside: true, outsidePrimaryDate: outsidePrimary)
            .WithPathology(PathologyReport(1, 3, Necrosis.None))
            .WithLabPanel(Lab(recurrenceDate.AddDays(-30), neutrophils: 6m, lymphocytes: 1.5m))
            .WithDeath(D(2016, 2, 1))
            .Build();

        var row = Assert.Single(CohortDerivation.Rows(patient, "SYSU"));

        Assert.Equal(Cohort.Recurrent, row.Cohort);
        Assert.Equal(recurrenceDate, row.IndexDate);
        Assert.Equal(64, row.AgeAtSurgery);
        Assert.Equal(FnclccGrade.G1, row.FnclccGrade);
        Assert.Equal(4m, row.Nlr);
        Assert.Equal(CohortDerivation.Months(outsidePrimary, recurrenceDate), row.DfiMonths!.Value, Tolerance);
        Assert.Equal(CohortDerivation.Months(recurrenceDate, D(2016, 2, 1)), row.OsMonths, Tolerance);
        Assert.Equal(1, row.OsEvent);
    }

    [Fact]
    public void GivenRecurrenceWithUndatedOutsidePrimary_WhenRowDerived_ThenDfiMissing()
    {
        var patient = new PatientBuilder().WithRecurrenceOperation(D(2014, 2, 1), 1, primaryOutside: true).Build();

        Assert.Null(CohortDerivation.RecurrentRow(patient, "SYSU")!.DfiMonths);
    }

    [Fact]
    public void GivenPrimaryThenRecurrence_WhenRowsDerived_ThenPatientContributesToBothCohorts()
    {
        var primaryDate = D(2012, 1, 15);
        var localRecurrence = D(2014, 9, 1);
        var recurrenceDate = D(2014, 10, 20);
        var lastVisit = D(2020, 5, 5);
        var patient = new PatientBuilder().BornIn(1955)
            .WithPrimaryOperation(primaryDate, d => d with { MaxDiameterCm = 9m })
            .WithLabPanel(Lab(primaryDate, platelets: 200m))
            .WithEvent(localRecurrence, FollowUpEventType.LocalRecurrence)
            .WithRecurrenceOperation(recurrenceDate, 1)
            .WithLabPanel(Lab(recurrenceDate, platelets: 410m))
            .WithVisit(lastVisit)
            .Build();

        var rows = CohortDerivation.Rows(patient, "PUMCH");

        Assert.Equal([Cohort.Primary, Cohort.Recurrent], rows.Select(r => r.Cohort));
        var (primary, recurrent) = (rows[0], rows[1]);
        Assert.Equal((primaryDate, 57, 200m, (double?)null), (primary.IndexDate, primary.AgeAtSurgery, primary.PlateletsE9PerL, primary.DfiMonths));
        Assert.Equal((recurrenceDate, 59, 410m), (recurrent.IndexDate, recurrent.AgeAtSurgery, recurrent.PlateletsE9PerL));
        Assert.Equal(CohortDerivation.Months(primaryDate, lastVisit), primary.OsMonths, Tolerance);
        Assert.Equal(CohortDerivation.Months(recurrenceDate, lastVisit), recurrent.OsMonths, Tolerance);
        Assert.Equal(0, recurrent.OsEvent);
        Assert.Equal(CohortDerivation.Months(primaryDate, localRecurrence), recurrent.DfiMonths!.Value, Tolerance);
    }

    [Fact]
    public void GivenRecurrenceOperationBeforeAnyRecurrenceEvent_WhenDfiDerived_ThenOperationDateUsed()
    {
        var primaryDate = D(2012, 1, 15);
        var recurrenceDate = D(2014, 10, 20);
        var patient = new PatientBuilder()
            .WithPrimaryOperation(primaryDate)
            .WithRecurrenceOperation(recurrenceDate, 1)
            .WithEvent(D(2016, 1, 1), FollowUpEventType.DistantMetastasis)
            .Build();

        Assert.Equal(recurrenceDate, CohortDerivation.FirstRecurrenceDate(patient));
        Assert.Equal(CohortDerivation.Months(primaryDate, recurrenceDate), CohortDerivation.DiseaseFreeIntervalMonths(patient)!.Value, Tolerance);
    }

    [Fact]
    public void GivenFirstRegistryRecurrenceIsNumber2WithoutEarlierEvent_WhenDfiDerived_ThenMissing()
    {
        var patient = new PatientBuilder()
            .WithPrimaryOperation(D(2012, 1, 15))
            .WithRecurrenceOperation(D(2016, 10, 20), 2)
            .Build();

        Assert.Null(CohortDerivation.DiseaseFreeIntervalMonths(patient));
    }

    [Fact]
    public void GivenNoOperation_WhenRowsDerived_ThenNone() =>
        Assert.Empty(CohortDerivation.Rows(new PatientBuilder().Build(), "PUMCH"));

    [Fact]
    public void GivenIndexOperationWithoutPathologyOrLab_WhenRowDerived_ThenCovariatesMissing()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(D(2015, 3, 1)).Build();

        var row = CohortDerivation.PrimaryRow(patient, "PUMCH")!;

        Assert.Null(row.FnclccGrade);
        Assert.Null(row.PlateletsE9PerL);
        Assert.Null(row.Nlr);
    }

    [Fact]
    public void GivenLocalThenDistantRecurrenceThenDeath_WhenRecurrenceDerived_ThenLocalRecurrenceFirstAndEachKindTimed()
    {
        var index = D(2015, 3, 1);
        var patient = new PatientBuilder().WithPrimaryOperation(index)
            .WithEvent(D(2016, 3, 1), FollowUpEventType.LocalRecurrence)
            .WithEvent(D(2017, 3, 1), FollowUpEventType.DistantMetastasis)
            .WithEvent(D(2016, 9, 1), FollowUpEventType.LocalRecurrence)
            .WithDeath(D(2018, 3, 1))
            .Build();

        var row = CohortDerivation.PrimaryRow(patient, "C")!;

        Assert.Equal(CohortDerivation.LocalRecurrence, row.RecurrenceStatus);
        Assert.Equal(CohortDerivation.Months(index, D(2016, 3, 1)), row.RecurrenceMonths, Tolerance);
        Assert.Equal(CohortDerivation.Months(index, D(2016, 3, 1)), row.LocalRecurrenceMonths!.Value, Tolerance);
        Assert.Equal(CohortDerivation.Months(index, D(2017, 3, 1)), row.DistantMetastasisMonths!.Value, Tolerance);
        Assert.Equal(1, row.OsEvent);
    }

    [Fact]
    public void GivenLocalAndDistantOnTheSameDay_WhenRecurrenceDerived_ThenDistantMetastasis()
    {
        var index = D(2015, 3, 1);
        var patient = new PatientBuilder().WithPrimaryOperation(index)
            .WithEvent(D(2016, 3, 1), FollowUpEventType.LocalRecurrence)
            .WithEvent(D(2016, 3, 1), FollowUpEventType.DistantMetastasis)
            .Build();

        var row = CohortDerivation.PrimaryRow(patient, "C")!;

        Assert.Equal(CohortDerivation.DistantMetastasis, row.RecurrenceStatus);
        Assert.Equal(CohortDerivation.Months(index, D(2016, 3, 1)), row.RecurrenceMonths, Tolerance);
    }

    [Fact]
    public void GivenNoRecurrenceAndAlive_WhenRecurrenceDerived_ThenCensoredAtTheLastContact()
    {
        var index = D(2015, 3, 1);
        var patient = new PatientBuilder().WithPrimaryOperation(index).WithVisit(D(2016, 3, 1)).WithVisit(D(2019, 1, 10)).Build();

        var row = CohortDerivation.PrimaryRow(patient, "C")!;

        Assert.Equal(CohortDerivation.Censored, row.RecurrenceStatus);
        Assert.Equal(CohortDerivation.Months(index, D(2019, 1, 10)), row.RecurrenceMonths, Tolerance);
        Assert.Null(row.LocalRecurrenceMonths);
        Assert.Null(row.DistantMetastasisMonths);
    }

    [Fact]
    public void GivenARecurrentCohortPatient_WhenRecurrenceDerived_ThenTheOperatedRecurrenceIsNotAnEventAndALaterReoperationIsALocalRecurrence()
    {
        var outside = D(2010, 1, 1);
        var index = D(2015, 3, 1);
        var patient = new PatientBuilder()
            .WithRecurrenceOperation(index, 1, primaryOutside: true, outsidePrimaryDate: outside)
            .WithEvent(index, FollowUpEventType.LocalRecurrence) // the recurrence operated on at the index
            .WithRecurrenceOperation(D(2017, 6, 1), 2, primaryOutside: true, outsidePrimaryDate: outside)
            .WithEvent(D(2018, 1, 1), FollowUpEventType.DistantMetastasis)
            .Build();

        var row = CohortDerivation.RecurrentRow(patient, "C")!;

        Assert.Equal(CohortDerivation.LocalRecurrence, row.RecurrenceStatus);
        Assert.Equal(CohortDerivation.Months(index, D(2017, 6, 1)), row.RecurrenceMonths, Tolerance);
        Assert.Equal(CohortDerivation.Months(index, D(2018, 1, 1)), row.DistantMetastasisMonths!.Value, Tolerance);
    }
}

using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Commands.CompleteForm;
using RlmsRegistry.Application.Clinical.Commands.RemoveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Clinical.Commands.SetFormLock;
using RlmsRegistry.Application.Clinical.Queries.GetDataQuality;
using RlmsRegistry.Application.Clinical.Queries.GetForms;
using RlmsRegistry.Application.Clinical.Queries.GetPatientTimeline;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Commands.UpdatePatient;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Clinical;

/// <summary>Each case-report-form use case through the mediator on a real database: happy path, another centre (404), a wrong role (403).</summary>
public sealed class CaseFormUseCaseTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManager_WhenSavingEveryForm_ThenTheTimelineShowsThemWithDerivedValues(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);

        var op = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2018, 1, 15)) with { Complete = true });
        var pathology = await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id, Histotype = Histotype.ConventionalLeiomyosarcoma, DifferentiationScore = 3, MitoticCountPer10Hpf = 22, Necrosis = Necrosis.AtLeast50, ReportedGrade = 2, MarginStatus = MarginStatus.Negative });
        var labs = await host.SendAs(dm, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2018, 1, 10), PlateletsE9PerL = 300m, NeutrophilsE9PerL = 5m, LymphocytesE9PerL = 2m });
        var death = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2019, 1, 15), Type = FollowUpEventType.Death, CauseOfDeath = CauseOfDeath.Disease });

        Assert.Equal(RecordStatus.Complete, op.Status);
        Assert.Equal(AjccTCategory.T3, op.TCategory);
        Assert.True(pathology.Created);
        Assert.Equal((8, 3, true), (pathology.Form.FnclccScore!.Value, pathology.Form.FnclccGrade!.Value, pathology.Form.GradeConflict));
        Assert.Equal(2.5m, labs.Form.Nlr);
        Assert.Equal(150m, labs.Form.Plr);
        var timeline = await host.SendAs(dm, new GetPatientTimelineQuery(patient.Id));
        Assert.Equal(2, timeline.Items.Count);
        Assert.Equal(op.Id, timeline.Items[0].Operation!.Operation.Id);
        Assert.Equal(death.Id, timeline.Items[1].FollowUpEvent!.Id);
        var outcome = Assert.Single(timeline.Outcomes);
        Assert.Equal((Cohort.Primary, 365 / 30.4375, 1), (outcome.Cohort, outcome.OsMonths, outcome.OsEvent));
        Assert.Contains(timeline.Issues, i => i.Kind == DataQualityIssueKind.GradeConflict);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenExistingForms_WhenSavedAgain_ThenTheyAreUpdatedNotDuplicated(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        var op = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2018, 3, 1)));

        var updated = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2018, 3, 2)) with { Id = op.Id, PatientId = null, Version = op.Version });
        var first = await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id, DifferentiationScore = 1 });
        var second = await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id, DifferentiationScore = 2, Version = first.Form.Version });
        var labs = await host.SendAs(dm, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2018, 2, 20) });
        var labs2 = await host.SendAs(dm, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2018, 2, 21), PlateletsE9PerL = 200m, Version = labs.Form.Version });
        var visit = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2019, 3, 1), Type = FollowUpEventType.Visit });
        var visit2 = await host.SendAs(dm, new SaveFollowUpEventCommand { Id = visit.Id, Date = new DateOnly(2019, 3, 2), Type = FollowUpEventType.Visit, DiseaseStatus = DiseaseStatus.NoEvidenceOfDisease, Version = visit.Version });

        Assert.Equal(new DateOnly(2018, 3, 2), updated.Date);
        Assert.Equal(op.Version + 1, updated.Version);
        Assert.False(second.Created);
        Assert.Equal(2, second.Form.DifferentiationScore);
        Assert.False(labs2.Created);
        Assert.Equal(200m, labs2.Form.PlateletsE9PerL);
        Assert.Equal(new DateOnly(2019, 3, 2), visit2.Date);
        Assert.Equal(1, await host.QueryAsync(db => db.PathologyReports.CountAsync(p => p.OperationId == op.Id)));
        Assert.Equal(1, await host.QueryAsync(db => db.FollowUpEvents.CountAsync(e => e.PatientId == patient.Id)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDraftForms_WhenCompleted_ThenMissingMandatoryFieldsAreAllNamed_AndACompleteFormNeedsAReasonToChange(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        var sparse = await host.SendAs(dm, new SaveOperationCommand { PatientId = patient.Id, Date = new DateOnly(2017, 5, 5), Setting = OperationSetting.Primary });

        var missing = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(dm, new CompleteFormCommand(FormKind.Operation, sparse.Id)));
        Assert.Superset(new HashSet<string> { "Resection", "MaxDiameterCm", "AsaScore", "AdjuvantChemotherapy" }, missing.Errors.Select(e => e.PropertyName).ToHashSet());

        var full = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2017, 5, 5)) with { Id = sparse.Id, PatientId = null });
        var completed = await host.SendAs(dm, new CompleteFormCommand(FormKind.Operation, full.Id, full.Version));
        Assert.Equal(RecordStatus.Complete, completed.Status);
        var noReason = await Assert.ThrowsAsync<DomainRuleException>(() => host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2017, 5, 6)) with { Id = full.Id, PatientId = null }));
        Assert.Equal("Reason", noReason.Field);
        var edited = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2017, 5, 6)) with { Id = full.Id, PatientId = null, Reason = "Date taken from the operative note" });
        Assert.Equal("Date taken from the operative note", edited.LastEditReason);
        var audit = await host.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "Operation" && a.EntityKey == full.Id.ToString()).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal("Date taken from the operative note", audit[^1].Reason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenMonitor_WhenLockingAndUnlocking_ThenEditsAreRefusedWhileLocked_AndDraftsCannotBeLocked(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        var monitor = TestUser.InRole(Roles.Monitor, host.CentreA.Id);
        var op = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 6, 6)));

        var draft = await Assert.ThrowsAsync<DomainRuleException>(() => host.SendAs(monitor, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: true)));
        Assert.Equal("Status", draft.Field);
        await host.SendAs(dm, new CompleteFormCommand(FormKind.Operation, op.Id));
        var locked = await host.SendAs(monitor, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: true));
        Assert.True(locked.IsLocked);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 6, 7)) with { Id = op.Id, PatientId = null, Reason = "fix" }));
        Assert.Contains("locked", refused.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Changes);
        var monitorRead = await host.SendAs(monitor, new GetOperationQuery(op.Id));
        Assert.True(monitorRead.IsLocked);

        await host.SendAs(monitor, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: false));
        var edited = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 6, 7)) with { Id = op.Id, PatientId = null, Reason = "fix" });
        Assert.Equal(new DateOnly(2016, 6, 7), edited.Date);
        var changes = await host.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "Operation" && a.EntityKey == op.Id.ToString() && a.Action == "Update" && a.Changes.Contains("IsLocked")).CountAsync());
        Assert.Equal(2, changes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenFollowUpEvent_WhenRemoved_ThenItIsGone_AndTheRemovalIsAudited(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 1, 1)));
        var visit = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2017, 1, 1), Type = FollowUpEventType.Visit, DiseaseStatus = DiseaseStatus.NoEvidenceOfDisease, Complete = true });

        var noReason = await Assert.ThrowsAsync<DomainRuleException>(() => host.SendAs(dm, new RemoveFollowUpEventCommand(visit.Id, visit.Version, null)));
        Assert.Equal("Reason", noReason.Field);
        var removed = await host.SendAs(dm, new RemoveFollowUpEventCommand(visit.Id, visit.Version, "Entered on the wrong patient"));

        Assert.Equal(patient.Id, removed.PatientId);
        Assert.Equal(0, await host.QueryAsync(db => db.FollowUpEvents.CountAsync(e => e.Id == visit.Id)));
        var audit = await host.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Entity == "FollowUpEvent" && a.EntityKey == visit.Id.ToString() && a.Action == "Delete"));
        Assert.Equal("Entered on the wrong patient", audit.Reason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManagerOfAnotherCentre_WhenUsingAnyFormCommand_ThenNotFound(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        var op = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 2, 2)) with { Complete = true });
        var visit = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2017, 1, 1), Type = FollowUpEventType.Visit });
        await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id });
        var other = RegistryTestHost.DataManagerOf(host.CentreB);
        var otherMonitor = TestUser.InRole(Roles.Monitor, host.CentreB.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, PrimaryOperation(patient.Id, new DateOnly(2016, 2, 2))));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, PrimaryOperation(patient.Id, new DateOnly(2016, 2, 2)) with { Id = op.Id, PatientId = null, Reason = "x" }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new SavePathologyCommand { OperationId = op.Id }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2016, 2, 1) }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2017, 2, 1), Type = FollowUpEventType.Visit }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new SaveFollowUpEventCommand { Id = visit.Id, Date = new DateOnly(2017, 2, 1), Type = FollowUpEventType.Visit }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new RemoveFollowUpEventCommand(visit.Id, null, null)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new CompleteFormCommand(FormKind.FollowUpEvent, visit.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(otherMonitor, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: true)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new GetOperationQuery(op.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new GetPathologyQuery(op.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new GetFollowUpEventQuery(visit.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new GetPatientTimelineQuery(patient.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new GetDataQualityQuery(host.CentreA.Id)));
        var theirs = await host.SendAs(other, new GetDataQualityQuery());
        Assert.DoesNotContain(theirs.Patients, p => p.PatientId == patient.Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenWrongRole_WhenUsingFormCommands_ThenForbidden(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        var op = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 3, 3)) with { Complete = true });
        var monitor = TestUser.InRole(Roles.Monitor, host.CentreA.Id);
        var investigator = TestUser.InRole(Roles.Investigator);

        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, PrimaryOperation(patient.Id, new DateOnly(2016, 3, 3))));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(investigator, new SavePathologyCommand { OperationId = op.Id }));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2016, 3, 1) }));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2017, 3, 3), Type = FollowUpEventType.Visit }));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, new RemoveFollowUpEventCommand(Guid.NewGuid(), null, null)));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, new CompleteFormCommand(FormKind.Operation, op.Id)));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(dm, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: true)));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(investigator, new GetPatientTimelineQuery(patient.Id)));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(investigator, new GetDataQualityQuery()));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(dm, new GetAnalysisDatasetQuery(Cohort.Primary)));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(monitor, new GetAnalysisDatasetQuery(Cohort.Primary)));
        await Assert.ThrowsAsync<UnauthenticatedException>(() => host.SendAs(TestUser.Anonymous, new GetOperationQuery(op.Id)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenInvestigator_WhenReadingTheAnalysisDataset_ThenEveryCentreIsIn_AndWithdrawnConsentIsOut(DatabaseProvider provider)
    {
        var (host, dm, patient) = await ArrangeAsync(provider);
        // The analysis takes Complete forms only (ADR 0011), so every form here is completed.
        await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2015, 1, 10)) with { Complete = true });
        await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2016, 1, 10), Type = FollowUpEventType.LocalRecurrence, Complete = true });
        var recurrence = await host.SendAs(dm, PrimaryOperation(patient.Id, new DateOnly(2016, 2, 9)) with { Setting = OperationSetting.Recurrence, RecurrenceNumber = 1, Complete = true });
        await host.SendAs(dm, new SaveLabPanelCommand { OperationId = recurrence.Id, DrawDate = new DateOnly(2016, 2, 1), PlateletsE9PerL = 210m, NeutrophilsE9PerL = 6m, LymphocytesE9PerL = 1.5m, Complete = true });
        await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2017, 2, 9), Type = FollowUpEventType.Death, CauseOfDeath = CauseOfDeath.Disease, Complete = true });
        var dmB = RegistryTestHost.DataManagerOf(host.CentreB);
        var other = await host.SendAs(dmB, new RegisterPatientCommand(host.CentreB.Id, Sex.Male, 1950, ConsentStatus.Given));
        await host.SendAs(dmB, PrimaryOperation(other.Id, new DateOnly(2015, 5, 5)) with { Complete = true });
        var withdrawn = await host.SendAs(dmB, new RegisterPatientCommand(host.CentreB.Id, Sex.Male, 1950, ConsentStatus.Given));
        await host.SendAs(dmB, PrimaryOperation(withdrawn.Id, new DateOnly(2015, 5, 5)) with { Complete = true });
        await host.SendAs(dmB, new UpdatePatientCommand(withdrawn.Id, Sex.Male, 1950, ConsentStatus.Withdrawn, null, "Consent withdrawn"));
        var investigator = TestUser.InRole(Roles.Investigator);

        var primary = await host.SendAs(investigator, new GetAnalysisDatasetQuery(Cohort.Primary));
        var recurrent = await host.SendAs(investigator, new GetAnalysisDatasetQuery(Cohort.Recurrent));

        Assert.Contains(primary.Rows, r => r.StudyId == patient.StudyId && r.Centre == "TA");
        Assert.Contains(primary.Rows, r => r.StudyId == other.StudyId && r.Centre == "TB");
        Assert.DoesNotContain(primary.Rows, r => r.StudyId == withdrawn.StudyId);
        var row = Assert.Single(recurrent.Rows, r => r.StudyId == patient.StudyId);
        Assert.Equal(366 / 30.4375, row.OsMonths, 12); // 2016-02-09 → 2017-02-09 spans 29 February 2016
        Assert.Equal(1, row.OsEvent);
        Assert.Equal(365 / 30.4375, row.DfiMonths!.Value, 12); // 2015-01-10 → 2016-01-10
        Assert.Equal(4m, row.Nlr);
        Assert.Equal(3, row.RecurrenceStatus); // death without a recurrence after the index operation (the operated recurrence is not one)
        Assert.Equal(366 / 30.4375, row.RecurrenceMonths, 12);
        var primaryRow = Assert.Single(primary.Rows, r => r.StudyId == patient.StudyId);
        Assert.Equal(1, primaryRow.RecurrenceStatus); // local recurrence 2016-01-10, a year after the primary
        Assert.Equal(365 / 30.4375, primaryRow.RecurrenceMonths, 12);
        Assert.Equal(365 / 30.4375, primaryRow.LocalRecurrenceMonths!.Value, 12);
        Assert.Null(primaryRow.DistantMetastasisMonths);
        Assert.Equal(AnalysisCsvHeader, AnalysisCsv.Write([]).TrimEnd('\n'));
        await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(investigator, new GetAnalysisDatasetQuery(null)));
    }

    private const string AnalysisCsvHeader = "studyId,centre,cohort,indexDate,ageAtSurgery,sex,maxDiameterCm,fnclccGrade,plateletsE9PerL,nlr,resection,multifocal,dfiMonths,osMonths,osEvent,recurrenceMonths,recurrenceStatus,localRecurrenceMonths,distantMetastasisMonths";

    private async Task<(RegistryTestHost Host, TestUser Dm, PatientDto Patient)> ArrangeAsync(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var patient = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1960, ConsentStatus.Given));
        return (host, dm, patient);
    }

    private static SaveOperationCommand PrimaryOperation(Guid patientId, DateOnly date) => new()
    {
        PatientId = patientId,
        Date = date,
        Setting = OperationSetting.Primary,
        Resection = ResectionCompleteness.R0,
        MaxDiameterCm = 12m,
        Multifocal = false,
        OrgansResected = 1,
        VascularResection = VascularResection.None,
        TumourOrigin = TumourOrigin.RetroperitonealSoftTissue,
        ClavienDindo = ClavienDindoGrade.None,
        AsaScore = 2,
        NeoadjuvantRadiotherapy = false,
        NeoadjuvantChemotherapy = false,
        AdjuvantRadiotherapy = false,
        AdjuvantChemotherapy = false,
    };
}

using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Clinical.Queries.GetForms;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Clinical;

/// <summary>
/// The generated copies (ClinicalFormMapper): a stored form read as its DTO, put back into the page's command (the edit
/// page) and turned into the domain's details must give the stored details back, every field of them — so no field is
/// dropped or changed on the way.
/// </summary>
public sealed class ClinicalFormMapperTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    [Fact]
    public async Task GivenEveryFieldFilled_WhenAFormGoesThroughItsDtoAndCommand_ThenTheStoredDetailsComeBackUnchanged()
    {
        var host = await hosts.Get(DatabaseProvider.Sqlite);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var patient = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Male, 1958, ConsentStatus.Given));
        var primary = await host.SendAs(dm, new SaveOperationCommand { PatientId = patient.Id, Date = new DateOnly(2015, 3, 2), Setting = OperationSetting.Primary, MaxDiameterCm = 9m });
        var op = await host.SendAs(dm, new SaveOperationCommand
        {
            PatientId = patient.Id, Date = new DateOnly(2017, 4, 3), Setting = OperationSetting.Recurrence, RecurrenceNumber = 1,
            Resection = ResectionCompleteness.R1, MaxDiameterCm = 12.5m, Multifocal = true, OrgansResected = 3,
            VascularResection = VascularResection.InferiorVenaCava, TumourOrigin = TumourOrigin.InferiorVenaCava, BloodLossMl = 1200,
            Transfused = true, OperativeTimeMinutes = 310, ClavienDindo = ClavienDindoGrade.IIIa, AsaScore = 3,
            NeoadjuvantRadiotherapy = true, NeoadjuvantChemotherapy = false, AdjuvantRadiotherapy = false, AdjuvantChemotherapy = true,
        });
        await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id, Histotype = Histotype.EpithelioidLeiomyosarcoma, DifferentiationScore = 3, MitoticCountPer10Hpf = 14, Necrosis = Necrosis.LessThan50, ReportedGrade = 2, MarginStatus = MarginStatus.MicroscopicallyPositive, Ki67Percent = 22.5m });
        await host.SendAs(dm, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2017, 3, 30), PlateletsE9PerL = 310m, NeutrophilsE9PerL = 4.8m, LymphocytesE9PerL = 1.6m, HaemoglobinGPerL = 128m, AlbuminGPerL = 41.5m });
        var death = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2019, 8, 9), Type = FollowUpEventType.Death, CauseOfDeath = CauseOfDeath.Treatment });

        var operation = SaveOperationCommand.From(await host.SendAs(dm, new GetOperationQuery(op.Id)));
        var pathology = SavePathologyCommand.From(await host.SendAs(dm, new GetPathologyQuery(op.Id)));
        var labs = SaveLabPanelCommand.From(await host.SendAs(dm, new GetLabPanelQuery(op.Id)));
        var followUp = SaveFollowUpEventCommand.From(await host.SendAs(dm, new GetFollowUpEventQuery(death.Id)));

        var stored = await host.QueryAsync(async db => (
            Operation: await db.Operations.Include(o => o.Pathology).Include(o => o.LabPanel).SingleAsync(o => o.Id == op.Id),
            Event: await db.FollowUpEvents.SingleAsync(e => e.Id == death.Id)));
        Assert.Equal(stored.Operation.ToDetails(), operation.ToDetails());
        Assert.Equal(stored.Operation.Pathology!.ToDetails(), pathology.ToDetails());
        Assert.Equal(stored.Operation.LabPanel!.ToDetails(), labs.ToDetails());
        Assert.Equal(stored.Event.ToDetails(), followUp.ToDetails());
        Assert.Equal((op.Id, patient.Id, op.Version, null, false), (operation.Id, operation.PatientId, operation.Version, operation.Reason, operation.Complete));
        Assert.NotEqual(primary.Id, operation.Id);
    }
}

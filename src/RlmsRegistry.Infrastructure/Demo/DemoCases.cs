using Mediator;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Infrastructure.Demo;

/// <summary>
/// A handful of complete synthetic cases per demo centre, entered through the application's commands (so every rule,
/// the audit trail and the derived values apply): primary cases, a primary later operated for recurrence, a recurrence
/// whose primary was operated outside, with pathology, laboratory panels and follow-up including deaths. Dates lie in
/// 2014–2024 and every value is fixed, so the demo looks the same on every machine.
/// </summary>
public static class DemoCases
{
    public static async Task SeedAsync(IMediator mediator, IReadOnlyList<CentreDto> centres, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < centres.Count; i++)
        {
            var centre = centres[i];
            var shift = i * 45; // days: the centres' cases do not share dates
            var cases = new DemoCaseWriter(mediator, centre.Id, shift, cancellationToken);

            // 1. Primary, R0, G2, local recurrence then death from disease.
            var p1 = await cases.PatientAsync(Sex.Female, 1958);
            var op1 = await cases.OperationAsync(p1, new DateOnly(2016, 3, 10), OperationSetting.Primary, null, ResectionCompleteness.R0, 14.5m, multifocal: false, organs: 2);
            await cases.PathologyAsync(op1, Histotype.ConventionalLeiomyosarcoma, 2, 12, Necrosis.LessThan50, reported: 2);
            await cases.LabsAsync(op1, new DateOnly(2016, 3, 1), 265m, 4.2m, 1.6m);
            await cases.EventAsync(p1, new DateOnly(2017, 3, 14), FollowUpEventType.Visit, DiseaseStatus.NoEvidenceOfDisease);
            await cases.EventAsync(p1, new DateOnly(2018, 6, 1), FollowUpEventType.LocalRecurrence);
            await cases.EventAsync(p1, new DateOnly(2019, 2, 15), FollowUpEventType.Death, cause: CauseOfDeath.Disease);

            // 2. Primary, then operated for the first recurrence; alive with disease.
            var p2 = await cases.PatientAsync(Sex.Male, 1963);
            var op2 = await cases.OperationAsync(p2, new DateOnly(2015, 5, 20), OperationSetting.Primary, null, ResectionCompleteness.R1, 22m, multifocal: true, organs: 3);
            await cases.PathologyAsync(op2, Histotype.PleomorphicLeiomyosarcoma, 3, 25, Necrosis.AtLeast50, reported: 3);
            await cases.LabsAsync(op2, new DateOnly(2015, 5, 12), 410m, 6.8m, 1.1m);
            await cases.EventAsync(p2, new DateOnly(2017, 1, 10), FollowUpEventType.LocalRecurrence);
            var op2b = await cases.OperationAsync(p2, new DateOnly(2017, 2, 14), OperationSetting.Recurrence, 1, ResectionCompleteness.R0, 8m, multifocal: false, organs: 1);
            await cases.PathologyAsync(op2b, Histotype.PleomorphicLeiomyosarcoma, 3, 18, Necrosis.LessThan50, reported: 3);
            await cases.LabsAsync(op2b, new DateOnly(2017, 2, 3), 330m, 5.1m, 1.3m);
            await cases.EventAsync(p2, new DateOnly(2019, 3, 1), FollowUpEventType.Visit, DiseaseStatus.AliveWithDisease);
            await cases.EventAsync(p2, new DateOnly(2020, 9, 20), FollowUpEventType.Death, cause: CauseOfDeath.Disease);

            // 3. Recurrence whose primary was operated outside; reported grade disagrees with the components (flagged).
            var p3 = await cases.PatientAsync(Sex.Female, 1950);
            var op3 = await cases.OperationAsync(p3, new DateOnly(2018, 4, 11), OperationSetting.Recurrence, 1, ResectionCompleteness.R0, 6.5m, multifocal: false, organs: 0,
                outsidePrimary: new DateOnly(2014, 9, 1));
            await cases.PathologyAsync(op3, Histotype.ConventionalLeiomyosarcoma, 2, 8, Necrosis.None, reported: 2);
            await cases.LabsAsync(op3, new DateOnly(2018, 4, 2), 240m, 3.5m, 2.0m);
            await cases.EventAsync(p3, new DateOnly(2024, 6, 1), FollowUpEventType.Visit, DiseaseStatus.NoEvidenceOfDisease);

            // 4. Primary, IVC origin, alive, then lost to follow-up.
            var p4 = await cases.PatientAsync(Sex.Male, 1971);
            var op4 = await cases.OperationAsync(p4, new DateOnly(2020, 10, 5), OperationSetting.Primary, null, ResectionCompleteness.R0, 9.5m, multifocal: false, organs: 1,
                origin: TumourOrigin.InferiorVenaCava, vascular: VascularResection.InferiorVenaCava);
            await cases.PathologyAsync(op4, Histotype.ConventionalLeiomyosarcoma, 2, 6, Necrosis.None, reported: null);
            await cases.LabsAsync(op4, new DateOnly(2020, 9, 28), 198m, 3.0m, 2.4m);
            await cases.EventAsync(p4, new DateOnly(2021, 10, 12), FollowUpEventType.Visit, DiseaseStatus.NoEvidenceOfDisease);
            await cases.EventAsync(p4, new DateOnly(2022, 3, 2), FollowUpEventType.DistantMetastasis, site: MetastasisSite.Lung);
            await cases.EventAsync(p4, new DateOnly(2024, 3, 1), FollowUpEventType.LostToFollowUp);

            // 5. Primary, R2, early death from treatment.
            var p5 = await cases.PatientAsync(Sex.Female, 1945);
            var op5 = await cases.OperationAsync(p5, new DateOnly(2019, 1, 22), OperationSetting.Primary, null, ResectionCompleteness.R2, 31m, multifocal: true, organs: 4);
            await cases.PathologyAsync(op5, Histotype.EpithelioidLeiomyosarcoma, 3, 30, Necrosis.AtLeast50, reported: 3);
            await cases.LabsAsync(op5, new DateOnly(2019, 1, 15), 520m, 9.4m, 0.8m);
            await cases.EventAsync(p5, new DateOnly(2019, 2, 8), FollowUpEventType.Death, cause: CauseOfDeath.Treatment);
        }
    }

    /// <summary>Writes the forms of one centre as complete forms, shifting every date by the centre's offset.</summary>
    private sealed class DemoCaseWriter(IMediator mediator, Guid centreId, int shiftDays, CancellationToken ct)
    {
        public async Task<Guid> PatientAsync(Sex sex, int birthYear) =>
            (await mediator.Send(new RegisterPatientCommand(centreId, sex, birthYear, ConsentStatus.Given), ct)).Id;

        public async Task<Guid> OperationAsync(
            Guid patientId, DateOnly date, OperationSetting setting, int? recurrence, ResectionCompleteness resection, decimal diameter,
            bool multifocal, int organs, DateOnly? outsidePrimary = null, TumourOrigin origin = TumourOrigin.RetroperitonealSoftTissue,
            VascularResection vascular = VascularResection.None)
        {
            var operation = await mediator.Send(new SaveOperationCommand
            {
                PatientId = patientId,
                Date = Shift(date),
                Setting = setting,
                RecurrenceNumber = recurrence,
                PrimaryOperatedOutside = outsidePrimary is not null,
                OutsidePrimaryDate = outsidePrimary is { } d ? Shift(d) : null,
                Resection = resection,
                MaxDiameterCm = diameter,
                Multifocal = multifocal,
                OrgansResected = organs,
                VascularResection = vascular,
                TumourOrigin = origin,
                BloodLossMl = 300 + (organs * 250),
                Transfused = organs > 2,
                OperativeTimeMinutes = 180 + (organs * 40),
                ClavienDindo = organs > 2 ? ClavienDindoGrade.IIIa : ClavienDindoGrade.I,
                AsaScore = organs > 2 ? 3 : 2,
                NeoadjuvantRadiotherapy = false,
                NeoadjuvantChemotherapy = false,
                AdjuvantRadiotherapy = resection != ResectionCompleteness.R0,
                AdjuvantChemotherapy = setting == OperationSetting.Recurrence,
                Complete = true,
            }, ct);
            return operation.Id;
        }

        public async Task PathologyAsync(Guid operationId, Histotype histotype, int differentiation, int mitoses, Necrosis necrosis, int? reported, bool complete = true) =>
            await mediator.Send(new SavePathologyCommand
            {
                OperationId = operationId,
                Histotype = histotype,
                DifferentiationScore = differentiation,
                MitoticCountPer10Hpf = mitoses,
                Necrosis = necrosis,
                ReportedGrade = reported,
                MarginStatus = MarginStatus.Negative,
                Ki67Percent = 10m + mitoses,
                Complete = complete,
            }, ct);

        public async Task LabsAsync(Guid operationId, DateOnly drawn, decimal platelets, decimal neutrophils, decimal lymphocytes) =>
            await mediator.Send(new SaveLabPanelCommand
            {
                OperationId = operationId,
                DrawDate = Shift(drawn),
                PlateletsE9PerL = platelets,
                NeutrophilsE9PerL = neutrophils,
                LymphocytesE9PerL = lymphocytes,
                HaemoglobinGPerL = 128m,
                AlbuminGPerL = 39m,
                Complete = true,
            }, ct);

        public async Task EventAsync(Guid patientId, DateOnly date, FollowUpEventType type, DiseaseStatus? status = null, MetastasisSite? site = null, CauseOfDeath? cause = null) =>
            await mediator.Send(new SaveFollowUpEventCommand
            {
                PatientId = patientId,
                Date = Shift(date),
                Type = type,
                DiseaseStatus = status,
                Site = site,
                CauseOfDeath = cause,
                Complete = true,
            }, ct);

        private DateOnly Shift(DateOnly date) => date.AddDays(shiftDays);
    }
}

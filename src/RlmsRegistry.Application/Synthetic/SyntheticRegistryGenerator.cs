using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Synthetic;

/// <summary>What to generate: how many patients, in how many centres, from which seed.</summary>
public sealed record SyntheticRegistryOptions
{
    public const int DefaultPatients = 227;
    public const int DefaultCentres = 2;
    public const int DefaultSeed = 131;
    public const int MaxPatients = 1_000_000;
    public const int MaxCentres = 99;

    public int Patients { get; init; } = DefaultPatients;

    public int Centres { get; init; } = DefaultCentres;

    public int Seed { get; init; } = DefaultSeed;

    public SyntheticModel Model { get; init; } = new();

    /// <summary>
    /// The data cut-off: alive patients are last seen in the four months before it. Null keeps the published study's
    /// fixed cut-off (<see cref="SyntheticRegistryGenerator.EndOfFollowUp"/>, 31 Dec 2024), so that tests and the
    /// reference data are the same on every day; the embedded demo passes the day it is generated (issue 18), so its
    /// overview's follow-up completeness is meaningful on first start.
    /// </summary>
    public DateOnly? EndOfFollowUp { get; init; }
}

/// <summary>
/// One synthetic patient as the commands a data manager would send, in order: register the patient, then each
/// operation with its pathology report and laboratory panel, then the follow-up events by date. Ids are left empty
/// (<see cref="Guid.Empty"/> / null) and filled in by the writer from the answers of the earlier commands.
/// </summary>
/// <param name="Number">0-based position in the registry (patients are written in this order).</param>
/// <param name="CentreIndex">0-based centre (<see cref="SyntheticRegistryGenerator.CentreCode"/>).</param>
/// <param name="Cohort">The cohort the case was generated for (the registry derives it again from the forms).</param>
public sealed record SyntheticCase(
    int Number,
    int CentreIndex,
    Cohort Cohort,
    RegisterPatientCommand Patient,
    IReadOnlyList<SyntheticOperation> Operations,
    IReadOnlyList<SaveFollowUpEventCommand> FollowUpEvents);

/// <summary>An operation with its pathology report and pre-operative laboratory panel, all to be saved as Complete.</summary>
public sealed record SyntheticOperation(SaveOperationCommand Operation, SavePathologyCommand Pathology, SaveLabPanelCommand LabPanel);

/// <summary>
/// A deterministic synthetic multicentre RLMS registry modelled on the published cohort (Lu et al., Am J Surg 2025):
/// by default 227 patients in 2 centres, 127 in the primary and 100 in the recurrent cohort, operated 2002–2022 and
/// followed up to the end of 2024. Pure: the same options always give the same cases (see <see cref="SyntheticRandom"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Primary cohort: a primary operation in the registry; recurrences during follow-up are recorded as events and
/// not re-operated in the registry (so the patient stays in one cohort).</item>
/// <item>Recurrent cohort: operated for a first recurrence, the primary declared as operated outside with its date
/// (index date − DFI), so the DFI is defined.</item>
/// <item>Overall survival from a Weibull PH model (<see cref="SyntheticModel"/>): diameter, grade, platelets and NLR
/// prognostic in the primary cohort, NLR and DFI in the recurrent cohort; age, sex, resection and multifocality are not.</item>
/// <item>Censoring: the last visit in the final four months before the cut-off (31 Dec 2024, or
/// <see cref="SyntheticRegistryOptions.EndOfFollowUp"/>), or an earlier loss to follow-up.</item>
/// <item>Visits every 6 months for two years, then yearly; lab panels 0–14 days before surgery.</item>
/// </list>
/// </remarks>
public static class SyntheticRegistryGenerator
{
    public static readonly DateOnly FirstOperation = new(2002, 1, 1);
    public static readonly DateOnly LastOperation = new(2022, 12, 31);
    public static readonly DateOnly EndOfFollowUp = new(2024, 12, 31);

    // References of the linear predictor (a typical patient has lp ≈ 0).
    private const double ReferenceDiameterCm = 11;
    private const double ReferencePlatelets = 250;
    private const double ReferenceNlr = 2.5;
    private const double ReferenceDfiMonths = 24;

    /// <summary>The centre code of centre <paramref name="index"/> (0-based): C01, C02, …</summary>
    public static string CentreCode(int index) => $"C{index + 1:D2}";

    /// <summary>The centre name, labelled synthetic.</summary>
    public static string CentreName(int index) => $"Synthetic centre {index + 1:D2} (synthetic data)";

    /// <summary>Patients of the recurrent cohort for a registry of <paramref name="patients"/>: 100 of 227, as published.</summary>
    public static int RecurrentCount(int patients) => (int)Math.Round(patients * 100.0 / 227.0, MidpointRounding.AwayFromZero);

    /// <summary>The cases, lazily (100,000 patients never need to be in memory at once).</summary>
    public static IEnumerable<SyntheticCase> Generate(SyntheticRegistryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Patients, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Patients, SyntheticRegistryOptions.MaxPatients);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Centres, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Centres, SyntheticRegistryOptions.MaxCentres);
        return GenerateIterator(options);
    }

    private static IEnumerable<SyntheticCase> GenerateIterator(SyntheticRegistryOptions options)
    {
        var n = options.Patients;
        var cutOff = options.EndOfFollowUp is { } end && end > EndOfFollowUp ? end : EndOfFollowUp;
        long recurrent = RecurrentCount(n);
        // Centres of unequal size, as in real networks: weights 1, 1/1.3, 1/1.6, …
        var centreWeights = Enumerable.Range(0, options.Centres).Select(c => 1.0 / (1.0 + (0.3 * c))).ToArray();
        for (var i = 0; i < n; i++)
        {
            // Recurrent cases spread evenly through the registry: exactly RecurrentCount(n) of them.
            var isRecurrent = ((i + 1) * recurrent / n) > (i * recurrent / n);
            var random = new SyntheticRandom(options.Seed, i);
            var centre = random.Choice(centreWeights);
            yield return isRecurrent
                ? CaseOf(random, i, centre, Cohort.Recurrent, options.Model.Recurrent, cutOff)
                : CaseOf(random, i, centre, Cohort.Primary, options.Model.Primary, cutOff);
        }
    }

    private static SyntheticCase CaseOf(SyntheticRandom r, int number, int centre, Cohort cohort, CohortModel m, DateOnly cutOff)
    {
        // Index operation: density rising over 2002–2022 (registries grow), f(t) ∝ 1 + 2t on [0, 1].
        var span = LastOperation.DayNumber - FirstOperation.DayNumber;
        var t = (-1 + Math.Sqrt(1 + (8 * r.NextDouble()))) / 2;
        var indexDate = FirstOperation.AddDays((int)(t * span));

        var sex = r.Chance(0.62) ? Sex.Female : Sex.Male;
        var age = (int)Math.Round(Math.Clamp(r.Normal(58, 11), 22, 86));
        var birthYear = indexDate.Year - age;

        var diameter = Math.Round(Math.Clamp(r.LogNormal(m.DiameterMedianCm, m.DiameterSdLog), 2.0, 40.0), 1);
        var grade = 1 + r.Choice([m.GradeWeights[0], m.GradeWeights[1], m.GradeWeights[2]]);
        var platelets = Math.Round(Math.Clamp(r.Normal(255, 75), 90, 650));
        var neutrophils = Math.Round(Math.Clamp(r.LogNormal(3.8, 0.35), 1.0, 25.0), 2);
        var lymphocytes = Math.Round(Math.Clamp(r.LogNormal(1.7, 0.38), 0.3, 5.0), 2);
        var nlr = neutrophils / lymphocytes;
        var dfiMonths = cohort == Cohort.Recurrent ? Math.Round(Math.Clamp(r.LogNormal(22, 0.8), 3, 180)) : 0;
        var resection = (ResectionCompleteness)(1 + r.Choice([0.60, 0.28, 0.12]));
        var multifocal = r.Chance(m.MultifocalShare);

        var lp = (m.LogHrPerCm * (diameter - ReferenceDiameterCm))
            + (grade switch { 1 => 0.0, 2 => m.LogHrGrade2, _ => m.LogHrGrade3 }) - m.LogHrGrade2
            + (m.LogHrPerPlatelet * (platelets - ReferencePlatelets))
            + (m.LogHrPerNlr * (nlr - ReferenceNlr))
            + (m.LogHrPerDfiMonth * (dfiMonths - ReferenceDfiMonths));

        // Weibull PH: S(t) = exp(−(t/λ)^k · e^lp), λ from the baseline median; inverse transform.
        var lambda = m.BaselineMedianMonths / Math.Pow(Math.Log(2), 1 / m.WeibullShape);
        var deathMonths = lambda * Math.Pow(-Math.Log(1 - r.NextDouble()) / Math.Exp(lp), 1 / m.WeibullShape);
        var lossMonths = r.Exponential(m.LossToFollowUpMeanMonths);
        var lastVisit = cutOff.AddDays(-r.Next(120));

        var deathDate = AddMonths(indexDate, deathMonths, minimumDays: 1);
        var lossDate = AddMonths(indexDate, lossMonths, minimumDays: 30);
        var dies = deathDate <= lastVisit && deathDate <= lossDate;
        var lost = !dies && lossDate < lastVisit;
        var endDate = dies ? deathDate : lost ? lossDate : lastVisit;

        // Recurrence after the index operation (more likely for a worse prognosis), recorded as an event only.
        var recurrenceMonths = r.Exponential(30 / Math.Exp(0.8 * lp));
        var recurrenceDate = AddMonths(indexDate, recurrenceMonths, minimumDays: 60);
        var recurs = recurrenceDate.DayNumber < endDate.DayNumber - 14;
        var distant = r.Chance(0.4);
        var site = (MetastasisSite)(1 + r.Choice([0.50, 0.25, 0.08, 0.10, 0.0, 0.0, 0.07]));
        var postoperativeDeath = dies && deathDate.DayNumber - indexDate.DayNumber <= 30;

        var operation = OperationOf(r, indexDate, cohort, dfiMonths, resection, (decimal)diameter, multifocal, grade, postoperativeDeath);
        var pathology = PathologyOf(r, grade, resection);
        var labs = new SaveLabPanelCommand
        {
            DrawDate = indexDate.AddDays(-r.Next(15)),
            PlateletsE9PerL = (decimal)platelets,
            NeutrophilsE9PerL = (decimal)neutrophils,
            LymphocytesE9PerL = (decimal)lymphocytes,
            HaemoglobinGPerL = (decimal)Math.Round(Math.Clamp(r.Normal(124, 16), 70, 170)),
            AlbuminGPerL = (decimal)Math.Round(Math.Clamp(r.Normal(39.5, 4.5), 22, 52), 1),
            Complete = true,
        };

        var events = new List<SaveFollowUpEventCommand>();
        var months = 0;
        while (true)
        {
            months += months < 24 ? 6 : 12;
            var visit = indexDate.AddDays((int)Math.Round(months * Domain.Analysis.CohortDerivation.DaysPerMonth) + r.Between(-20, 20));
            if (visit.DayNumber >= endDate.DayNumber - 14)
            {
                break;
            }

            if (recurs && recurrenceDate < visit && events.TrueForAll(e => e.Type == FollowUpEventType.Visit))
            {
                events.Add(RecurrenceEvent(recurrenceDate, distant, site));
            }

            var withDisease = recurs && recurrenceDate < visit;
            events.Add(Event(visit, FollowUpEventType.Visit) with { DiseaseStatus = withDisease ? DiseaseStatus.AliveWithDisease : DiseaseStatus.NoEvidenceOfDisease });
        }

        if (recurs && events.TrueForAll(e => e.Type == FollowUpEventType.Visit))
        {
            events.Add(RecurrenceEvent(recurrenceDate, distant, site));
        }

        if (dies)
        {
            var cause = postoperativeDeath ? CauseOfDeath.Treatment
                : recurs ? (r.Chance(0.9) ? CauseOfDeath.Disease : CauseOfDeath.Unknown)
                : (CauseOfDeath)(1 + r.Choice([0.45, 0.0, 0.35, 0.20]));
            events.Add(Event(deathDate, FollowUpEventType.Death) with { CauseOfDeath = cause });
        }
        else if (lost)
        {
            events.Add(Event(lossDate, FollowUpEventType.LostToFollowUp));
        }
        else
        {
            events.Add(Event(lastVisit, FollowUpEventType.Visit) with { DiseaseStatus = recurs ? DiseaseStatus.AliveWithDisease : DiseaseStatus.NoEvidenceOfDisease });
        }

        return new SyntheticCase(
            number,
            centre,
            cohort,
            new RegisterPatientCommand(null, sex, birthYear, ConsentStatus.Given),
            [new SyntheticOperation(operation, pathology, labs)],
            events);
    }

    private static SaveOperationCommand OperationOf(
        SyntheticRandom r, DateOnly date, Cohort cohort, double dfiMonths, ResectionCompleteness resection, decimal diameter, bool multifocal, int grade, bool postoperativeDeath)
    {
        var origin = (TumourOrigin)(1 + r.Choice([0.15, 0.05, 0.80]));
        var vascular = origin switch
        {
            TumourOrigin.InferiorVenaCava => VascularResection.InferiorVenaCava,
            TumourOrigin.OtherMajorVessel => VascularResection.OtherMajorVessel,
            _ => r.Chance(0.08) ? VascularResection.OtherMajorVessel : VascularResection.None,
        };
        var organs = Math.Min(6, (int)Math.Floor(r.Exponential(0.6 + ((double)diameter / 12.0))));
        var bloodLoss = (int)Math.Round(Math.Clamp(r.LogNormal(450 + (organs * 150), 0.6), 50, 12_000) / 50) * 50;
        var clavien = postoperativeDeath ? ClavienDindoGrade.V : (ClavienDindoGrade)(1 + r.Choice([0.45, 0.20, 0.17, 0.09, 0.06, 0.02, 0.01, 0.0]));
        var recurrence = cohort == Cohort.Recurrent;
        return new SaveOperationCommand
        {
            Date = date,
            Setting = recurrence ? OperationSetting.Recurrence : OperationSetting.Primary,
            RecurrenceNumber = recurrence ? 1 : null,
            PrimaryOperatedOutside = recurrence,
            OutsidePrimaryDate = recurrence ? date.AddDays(-(int)Math.Round(dfiMonths * Domain.Analysis.CohortDerivation.DaysPerMonth)) : null,
            Resection = resection,
            MaxDiameterCm = diameter,
            Multifocal = multifocal,
            OrgansResected = organs,
            VascularResection = vascular,
            TumourOrigin = origin,
            BloodLossMl = bloodLoss,
            Transfused = bloodLoss >= 1000 || r.Chance(0.1),
            OperativeTimeMinutes = (int)Math.Round(Math.Clamp(r.Normal(200 + (organs * 35), 50), 60, 720)),
            ClavienDindo = clavien,
            AsaScore = 1 + r.Choice([0.10, 0.55, 0.32, 0.03]),
            NeoadjuvantRadiotherapy = r.Chance(0.08),
            NeoadjuvantChemotherapy = r.Chance(recurrence ? 0.15 : 0.05),
            AdjuvantRadiotherapy = r.Chance(resection == ResectionCompleteness.R0 ? 0.10 : 0.35),
            AdjuvantChemotherapy = r.Chance(grade == 3 || recurrence ? 0.35 : 0.12),
            Complete = true,
        };
    }

    /// <summary>FNCLCC components drawn to give <paramref name="grade"/>: a total score in the grade's range, split into components.</summary>
    private static SavePathologyCommand PathologyOf(SyntheticRandom r, int grade, ResectionCompleteness resection)
    {
        var scores = grade switch { 1 => (2, 3), 2 => (4, 5), _ => (6, 8) };
        var combinations = new List<(int Differentiation, int Mitosis, int Necrosis)>();
        var total = r.Between(scores.Item1, scores.Item2);
        for (var d = 1; d <= 3; d++)
        {
            for (var mitosis = 1; mitosis <= 3; mitosis++)
            {
                var necrosis = total - d - mitosis;
                if (necrosis is >= 0 and <= 2)
                {
                    combinations.Add((d, mitosis, necrosis));
                }
            }
        }

        var (differentiation, mitosisScore, necrosisScore) = combinations[r.Next(combinations.Count)];
        var mitoses = mitosisScore switch { 1 => r.Between(0, 9), 2 => r.Between(10, 19), _ => r.Between(20, 45) };
        var histotype = differentiation == 3
            ? (Histotype)(1 + r.Choice([0.45, 0.15, 0.0, 0.40, 0.0, 0.0]))
            : (Histotype)(1 + r.Choice([0.90, 0.0, 0.05, 0.0, 0.02, 0.03]));
        // Pathologists occasionally write a grade the components do not give: flagged for the data manager, never changed.
        var reported = r.Chance(0.03) ? (grade == 1 ? 2 : grade - 1) : grade;
        return new SavePathologyCommand
        {
            Histotype = histotype,
            DifferentiationScore = differentiation,
            MitoticCountPer10Hpf = mitoses,
            Necrosis = (Necrosis)(1 + necrosisScore),
            ReportedGrade = reported,
            MarginStatus = resection switch
            {
                ResectionCompleteness.R0 => MarginStatus.Negative,
                ResectionCompleteness.R1 => MarginStatus.MicroscopicallyPositive,
                _ => MarginStatus.MacroscopicallyPositive,
            },
            Ki67Percent = Math.Clamp(5 + (mitoses * 1.2m) + r.Between(0, 10), 0, 100),
            Complete = true,
        };
    }

    private static SaveFollowUpEventCommand Event(DateOnly date, FollowUpEventType type) =>
        new() { Date = date, Type = type, Complete = true };

    private static SaveFollowUpEventCommand RecurrenceEvent(DateOnly date, bool distant, MetastasisSite site) => distant
        ? Event(date, FollowUpEventType.DistantMetastasis) with { Site = site }
        : Event(date, FollowUpEventType.LocalRecurrence);

    private static DateOnly AddMonths(DateOnly date, double months, int minimumDays)
    {
        var days = Math.Max(minimumDays, Math.Min(40_000.0, Math.Round(months * Domain.Analysis.CohortDerivation.DaysPerMonth)));
        return date.AddDays((int)days);
    }
}

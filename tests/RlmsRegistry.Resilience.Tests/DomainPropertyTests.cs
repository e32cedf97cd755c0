using CsCheck;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Resilience.Tests;

/// <summary>
/// Property-based tests of the domain rules with random inputs (CsCheck, which shrinks a failing case to a small one):
/// every input either gives a valid object or a <see cref="DomainRuleException"/> naming a field — no other exception —
/// and a refused change leaves the object as it was.
/// </summary>
public sealed class DomainPropertyTests
{
    private static readonly IClock Clock = new FixedClock(new DateOnly(2025, 6, 30));

    [Fact]
    public void GivenAnyPatientValues_WhenRegisteredAndEdited_ThenValidOrRefusedByARuleAndNeverHalfChanged()
    {
        var values = Gen.Select(Gen.Int[-2, 4], Gen.Int[1850, 2100], Gen.Int[-2, 5]);
        Gen.Select(values, values).Sample((first, second) =>
        {
            var patient = Attempt(() => new Patient(Guid.NewGuid(), "C01-00001", (Sex)first.Item1, first.Item2, (ConsentStatus)first.Item3, Clock), out var refusal);
            var valid = Acceptable(first);
            Assert.Equal(valid, patient is not null);
            if (patient is null)
            {
                Assert.Contains(refusal!.Field, new[] { nameof(Patient.Sex), nameof(Patient.BirthYear), nameof(Patient.ConsentStatus) });
                return;
            }

            Assert.Equal(((Sex)first.Item1, first.Item2, (ConsentStatus)first.Item3), (patient.Sex, patient.BirthYear, patient.ConsentStatus));
            var edited = Attempt(() => patient.Update((Sex)second.Item1, second.Item2, (ConsentStatus)second.Item3, Clock), out _);
            var expected = edited ? second : first;
            Assert.Equal(Acceptable(second), edited);
            Assert.Equal(((Sex)expected.Item1, expected.Item2, (ConsentStatus)expected.Item3), (patient.Sex, patient.BirthYear, patient.ConsentStatus));
        }, iter: 3000);
    }

    [Fact]
    public void GivenAnyFnclccComponents_WhenGraded_ThenTheGradeFollowsTheScoreTableOrTheComponentsAreRefused()
    {
        Gen.Select(Gen.Int[-2, 5], Gen.Int[-10, 200], Gen.Int[-1, 4]).Sample((differentiation, mitoses, necrosis) =>
        {
            var components = Attempt(() => new FnclccComponents(differentiation, mitoses, (Necrosis)necrosis), out var refusal);
            var valid = differentiation is >= 1 and <= 3 && mitoses >= 0 && necrosis is >= 1 and <= 3;
            Assert.Equal(valid, components is not null);
            if (components is null)
            {
                Assert.Contains(refusal!.Field, new[] { nameof(FnclccComponents.DifferentiationScore), nameof(FnclccComponents.MitoticCountPer10Hpf), nameof(FnclccComponents.Necrosis) });
                return;
            }

            // The FNCLCC table, written out independently: mitoses 0–9 → 1, 10–19 → 2, ≥ 20 → 3; necrosis none/<50/≥50 → 0/1/2.
            var total = differentiation + (mitoses < 10 ? 1 : mitoses < 20 ? 2 : 3) + (necrosis - 1);
            Assert.Equal(total, components.TotalScore);
            Assert.InRange(total, 2, 8);
            Assert.Equal(total <= 3 ? FnclccGrade.G1 : total <= 5 ? FnclccGrade.G2 : FnclccGrade.G3, components.Grade);
        }, iter: 3000);
    }

    [Fact]
    public void GivenAnySequenceOfFollowUpEvents_WhenAdded_ThenEachIsStoredOrRefusedWholeAndTheRecordStaysCoherent()
    {
        var operationDate = new DateOnly(2010, 3, 1);
        var nullableEnum = Gen.Int[-1, 8].Select(i => i < 0 ? (int?)null : i);
        var anEvent = Gen.Select(Gen.Int[-400, 6000], Gen.Int[0, 6], nullableEnum, nullableEnum, nullableEnum);
        anEvent.Array[1, 12].Sample(events =>
        {
            var patient = new Patient(Guid.NewGuid(), "C01-00001", Sex.Female, 1960, ConsentStatus.Given, Clock);
            patient.AddOperation(Primary(operationDate), Clock);
            foreach (var (offset, type, status, site, cause) in events)
            {
                var details = new FollowUpEventDetails
                {
                    Date = operationDate.AddDays(offset),
                    Type = (FollowUpEventType)type,
                    DiseaseStatus = (DiseaseStatus?)status,
                    Site = (MetastasisSite?)site,
                    CauseOfDeath = (CauseOfDeath?)cause,
                };
                var before = patient.FollowUpEvents.Select(e => (e.Id, e.ToDetails())).ToList();
                var added = Attempt(() => patient.AddFollowUpEvent(details, Clock), out _);
                var after = patient.FollowUpEvents.Select(e => (e.Id, e.ToDetails())).ToList();
                if (added is null)
                {
                    Assert.Equal(before, after); // refused whole: nothing added, nothing changed
                }
                else
                {
                    Assert.Equal(before.Count + 1, after.Count);
                    Assert.Equal(details, added.ToDetails());
                }
            }

            // The record stays coherent whatever was offered.
            var stored = patient.FollowUpEvents.ToList();
            Assert.All(stored, e => Assert.InRange(e.Date, operationDate, Clock.Today));
            Assert.All(stored, e => Assert.True(Enum.IsDefined(e.Type)));
            var deaths = stored.Where(e => e.Type == FollowUpEventType.Death).ToList();
            Assert.True(deaths.Count <= 1, "more than one death");
            if (deaths.Count == 1)
            {
                Assert.All(stored, e => Assert.True(e.Date <= deaths[0].Date, "an event is dated after the death"));
                Assert.NotNull(deaths[0].CauseOfDeath);
            }

            Assert.All(stored.Where(e => e.Type != FollowUpEventType.Visit), e => Assert.Null(e.DiseaseStatus));
            Assert.All(stored.Where(e => e.Type != FollowUpEventType.DistantMetastasis), e => Assert.Null(e.Site));
        }, iter: 1500);
    }

    /// <summary>Runs <paramref name="action"/>; a <see cref="DomainRuleException"/> is a refusal, any other exception fails the property.</summary>
    private static T? Attempt<T>(Func<T> action, out DomainRuleException? refusal)
        where T : class
    {
        try
        {
            refusal = null;
            return action();
        }
        catch (DomainRuleException e)
        {
            refusal = e;
            return null;
        }
    }

    private static bool Attempt(Action action, out DomainRuleException? refusal) =>
        Attempt<object>(() =>
        {
            action();
            return new object();
        }, out refusal) is not null;

    private static bool Acceptable((int Sex, int BirthYear, int Consent) v) =>
        v.Sex is 1 or 2 && v.Consent is >= 1 and <= 3 && v.BirthYear >= Patient.MinBirthYear && v.BirthYear <= Clock.Today.Year;

    private static OperationDetails Primary(DateOnly date) => new()
    {
        Date = date,
        Setting = OperationSetting.Primary,
        Resection = ResectionCompleteness.R0,
        MaxDiameterCm = 10m,
        Multifocal = false,
        OrgansResected = 2,
        VascularResection = VascularResection.None,
        TumourOrigin = TumourOrigin.RetroperitonealSoftTissue,
        BloodLossMl = 500,
        Transfused = false,
        OperativeTimeMinutes = 200,
        ClavienDindo = ClavienDindoGrade.I,
        AsaScore = 2,
        NeoadjuvantRadiotherapy = false,
        NeoadjuvantChemotherapy = false,
        AdjuvantRadiotherapy = false,
        AdjuvantChemotherapy = false,
    };

    private sealed class FixedClock(DateOnly today) : IClock
    {
        public DateTimeOffset UtcNow { get; } = new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}

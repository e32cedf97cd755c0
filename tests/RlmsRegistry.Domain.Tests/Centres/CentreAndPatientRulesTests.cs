using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Domain.Tests.Centres;

public sealed class CentreAndPatientRulesTests
{
    private sealed class FixedClock(DateTimeOffset now) : IClock
    {
        public DateTimeOffset UtcNow => now;
    }

    private static readonly IClock Clock = new FixedClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("C01")]
    [InlineData("AB")]
    [InlineData("ABCDEFGHIJ")]
    public void GivenValidCode_WhenCreatingCentre_ThenAccepted(string code) => Assert.Equal(code, new Centre(code, "Name").Code);

    [Theory]
    [InlineData("A")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("c01")]
    [InlineData("C-1")]
    [InlineData("")]
    public void GivenInvalidCode_WhenCreatingCentre_ThenRejectedOnCode(string code)
    {
        var ex = Assert.Throws<DomainRuleException>(() => new Centre(code, "Name"));
        Assert.Equal(nameof(Centre.Code), ex.Field);
    }

    [Fact]
    public void GivenCentre_WhenAllocatingStudyIds_ThenTheyAreSequentialFiveDigitAndNeverRepeat()
    {
        var centre = new Centre("C07", "Seventh");

        var ids = Enumerable.Range(0, 3).Select(_ => centre.AllocateStudyId()).ToList();

        Assert.Equal(["C07-00001", "C07-00002", "C07-00003"], ids);
        Assert.Equal(3, centre.LastPatientSequence);
    }

    [Theory]
    [InlineData(1899, false)]
    [InlineData(1900, true)]
    [InlineData(2026, true)]
    [InlineData(2027, false)]
    public void GivenBirthYear_ThenOnlyYearsFrom1900ToThisYearAreAccepted(int year, bool accepted)
    {
        var ex = Record.Exception(() => new Patient(Guid.NewGuid(), "C01-00001", Sex.Female, year, ConsentStatus.Given, Clock));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            Assert.Equal(nameof(Patient.BirthYear), Assert.IsType<DomainRuleException>(ex).Field);
        }
    }

    [Fact]
    public void GivenUndefinedSex_WhenUpdatingPatient_ThenRejectedOnSex()
    {
        var patient = new Patient(Guid.NewGuid(), "C01-00001", Sex.Female, 1960, ConsentStatus.Given, Clock);

        var ex = Assert.Throws<DomainRuleException>(() => patient.Update((Sex)9, 1960, ConsentStatus.Given, Clock));

        Assert.Equal(nameof(Patient.Sex), ex.Field);
        Assert.Equal(Sex.Female, patient.Sex);
    }
}

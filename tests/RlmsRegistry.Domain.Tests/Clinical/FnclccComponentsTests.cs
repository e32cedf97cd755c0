using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class FnclccComponentsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 2)]
    [InlineData(19, 2)]
    [InlineData(20, 3)]
    [InlineData(150, 3)]
    public void GivenMitoticCount_WhenScored_ThenBoundariesAt10And20(int mitoses, int expected) =>
        Assert.Equal(expected, FnclccComponents.ScoreMitoses(mitoses));

    [Theory]
    [InlineData(Necrosis.None, 0)]
    [InlineData(Necrosis.LessThan50, 1)]
    [InlineData(Necrosis.AtLeast50, 2)]
    public void GivenNecrosis_WhenScored_ThenNoneIs0_LessThanHalfIs1_AtLeastHalfIs2(Necrosis necrosis, int expected) =>
        Assert.Equal(expected, FnclccComponents.ScoreNecrosis(necrosis));

    [Theory]
    [InlineData(2, FnclccGrade.G1)]
    [InlineData(3, FnclccGrade.G1)]
    [InlineData(4, FnclccGrade.G2)]
    [InlineData(5, FnclccGrade.G2)]
    [InlineData(6, FnclccGrade.G3)]
    [InlineData(8, FnclccGrade.G3)]
    public void GivenTotalScore_WhenGraded_ThenBoundariesAt3To4And5To6(int total, FnclccGrade expected) =>
        Assert.Equal(expected, FnclccComponents.GradeFor(total));

    [Theory]
    [InlineData(1, 9, Necrosis.None, 2, FnclccGrade.G1)]
    [InlineData(1, 10, Necrosis.None, 3, FnclccGrade.G1)]
    [InlineData(2, 10, Necrosis.None, 4, FnclccGrade.G2)]
    [InlineData(2, 19, Necrosis.LessThan50, 5, FnclccGrade.G2)]
    [InlineData(2, 20, Necrosis.LessThan50, 6, FnclccGrade.G3)]
    [InlineData(3, 20, Necrosis.AtLeast50, 8, FnclccGrade.G3)]
    public void GivenComponents_WhenCombined_ThenScoreAndGradeFollowFnclcc(int differentiation, int mitoses, Necrosis necrosis, int score, FnclccGrade grade)
    {
        var components = new FnclccComponents(differentiation, mitoses, necrosis);

        Assert.Equal(score, components.TotalScore);
        Assert.Equal(grade, components.Grade);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void GivenDifferentiationOutside1To3_WhenCreated_ThenRejected(int differentiation) =>
        Rejected(nameof(FnclccComponents.DifferentiationScore), () => _ = new FnclccComponents(differentiation, 5, Necrosis.None));

    [Fact]
    public void GivenNegativeMitoticCount_WhenCreated_ThenRejected() =>
        Rejected(nameof(FnclccComponents.MitoticCountPer10Hpf), () => _ = new FnclccComponents(2, -1, Necrosis.None));

    [Fact]
    public void GivenAComponentMissing_WhenFromNullables_ThenNoComponents()
    {
        Assert.Null(FnclccComponents.From(2, null, Necrosis.None));
        Assert.Null(FnclccComponents.From(null, 3, Necrosis.None));
        Assert.Null(FnclccComponents.From(2, 3, null));
        Assert.NotNull(FnclccComponents.From(2, 3, Necrosis.None));
    }

    [Fact]
    public void GivenSameComponents_WhenCompared_ThenEqual() =>
        Assert.Equal(new FnclccComponents(2, 10, Necrosis.None), new FnclccComponents(2, 10, Necrosis.None));

    [Fact]
    public void GivenRuleBroken_WhenThrown_ThenItIsADomainRuleException() =>
        Assert.IsType<DomainRuleException>(Record.Exception(() => new FnclccComponents(9, 0, Necrosis.None)));
}

namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// The engine's one Cox design builder, against what R's model.matrix gives for
/// <c>coxph(Surv(t, s) ~ x + g + strata(st), cluster = cl, data = na.omit(d))</c> on small hand-made data.
/// </summary>
public class CoxDesignMatrixBuilderTests
{
    private static readonly double[] Time = [1, 2, 3, 4, 5, 6];
    private static readonly int[] Status = [1, 0, 1, -1, 1, 0];

    [Fact]
    public void GivenMissingValuesInAnyColumn_WhenBuilding_ThenCompleteCasesRemainAndAreCounted()
    {
        var design = new CoxDesignMatrixBuilder(Time, Status)
            .Numeric("x", [0.5, double.NaN, 2.5, 3.5, 4.5, 5.5])
            .Factor("g", [0, 1, 2, 1, -1, 2], ["a", "b", "c"])
            .Strata([1, 0, 0, 1, 1, -1], ["s1", "s2"])
            .Cluster([7, 7, 3, 3, 5, 5])
            .Build();

        // Row 2: x missing; row 4: status missing; row 5: g missing; row 6: stratum missing.
        Assert.Equal(4, design.ExcludedMissing);
        Assert.Equal([true, false, true, false, false, false], design.Kept);
        Assert.Equal([1.0, 3], design.Data.Time);
        Assert.Equal([1, 1], design.Data.Status);
        Assert.Equal([0.5, 2.5], design.Data.Columns[0]);
        // Level b occurs only in dropped rows: no column (R drops unused levels); a is the reference.
        Assert.Equal(["x", "gc"], design.Data.ColumnNames);
        Assert.Equal([0.0, 1], design.Data.Columns[1]);
        Assert.Equal(["x", "g"], design.TermOfColumn);
        Assert.Equal([1, 0], design.Data.Strata!);
        Assert.Equal(["s1", "s2"], design.StrataLabels);
        Assert.Equal([1, 0], design.Data.Cluster!); // codes 7 and 3 renumbered in code order
    }

    [Fact]
    public void GivenAReferenceLevel_WhenBuilding_ThenItComesFirstAndTheOthersKeepTheirOrder()
    {
        // R: relevel(factor(g), ref = "c") -> levels c, a, b -> columns ga, gb
        var design = new CoxDesignMatrixBuilder([1, 2, 3], [1, 1, 0])
            .Factor("g", [0, 1, 2], ["a", "b", "c"], reference: "c")
            .Build();

        Assert.Equal(["ga", "gb"], design.Data.ColumnNames);
        Assert.Equal([1.0, 0, 0], design.Data.Columns[0]);
        Assert.Equal([0.0, 1, 0], design.Data.Columns[1]);
        Assert.Equal([0, 1], Assert.Single(design.Data.Terms!).Columns);
    }

    [Fact]
    public void GivenAReferenceLevel_WhenBuilding_ThenVariablesListTheLevelsInCodingOrder()
    {
        // Level b only in a dropped row: not a level of the complete cases; c is the reference.
        var design = new CoxDesignMatrixBuilder([1, 2, 3, 4], [1, 1, 0, 1])
            .Numeric("x", [1, 2, 3, double.NaN])
            .Factor("g", [0, 2, 2, 1], ["a", "b", "c"], reference: "c")
            .Build();

        Assert.Equal(["x", "g"], design.Variables.Select(v => v.Name));
        Assert.Null(design.Variables[0].Levels);
        Assert.Equal(["c", "a"], design.Variables[1].Levels!);
        Assert.Equal(["x", "ga"], design.Data.ColumnNames);
    }

    [Fact]
    public void GivenAReferenceOnlyInDroppedRows_WhenBuilding_ThenTheFirstPresentLevelIsTheReference()
    {
        var design = new CoxDesignMatrixBuilder([1, 2, 3], [1, 1, 0])
            .Numeric("x", [1, 2, double.NaN])
            .Factor("g", [0, 1, 2], ["a", "b", "c"], reference: "c")
            .Build();

        Assert.Equal(["a", "b"], design.Variables[1].Levels!);
        Assert.Equal(["x", "gb"], design.Data.ColumnNames);
    }

    [Fact]
    public void GivenStatusCodesWithAPresenceMask_WhenBuilding_ThenNegativeCodesAreCausesAndMaskedRowsAreDropped()
    {
        var design = new CoxDesignMatrixBuilder([1, 2, 3, 4], [-2, 1, 0, 0], [true, true, true, false])
            .Numeric("x", [1, 2, 3, 4])
            .Build();

        Assert.Equal([-2, 1, 0], design.Data.Status);
        Assert.Equal(1, design.ExcludedMissing);
        Assert.Throws<ArgumentException>(() => new CoxDesignMatrixBuilder([1, 2], [1, 0], [true]));
    }

    [Fact]
    public void GivenAFactorWithOneLevelLeft_WhenBuilding_ThenItAddsNoTermAndIsReported()
    {
        var design = new CoxDesignMatrixBuilder([1, 2, 3], [1, 1, 0])
            .Numeric("x", [1, 2, 4])
            .Factor("g", [1, 1, 1], ["a", "b"])
            .Build();

        Assert.Equal(["x"], design.Data.ColumnNames);
        Assert.Equal([("g", (string?)"b")], design.SingleLevelFactors);
    }

    [Fact]
    public void GivenNoMissingValue_WhenBuilding_ThenNumericColumnsAreNotCopied()
    {
        double[] x = [3, 1, 2];
        double[] t = [1, 2, 3];
        var design = new CoxDesignMatrixBuilder(t, [1, 0, 1]).Numeric("x", x).Build();

        Assert.Same(x, design.Data.Columns[0]);
        Assert.Same(t, design.Data.Time);
        Assert.Equal(0, design.ExcludedMissing);
    }

    [Fact]
    public void GivenColumnsOfDifferentLengths_WhenAdding_ThenRejected()
    {
        var builder = new CoxDesignMatrixBuilder([1, 2], [1, 0]);
        Assert.Throws<ArgumentException>(() => builder.Numeric("x", [1.0]));
        Assert.Throws<ArgumentException>(() => builder.Factor("g", [0, 0], ["a"], reference: "z"));
    }
}

namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Degenerate designs and data: results must carry flags, never throw (R survival 3.5 behaviour quoted
/// per test; tolerance 1e-9 relative unless stated).
/// </summary>
public sealed class CoxEdgeCaseTests
{
    private static CoxData Lungish(params double[][] extraColumns)
    {
        // 20 rows, ties at 3 and 7 (two of them across status), one numeric and one binary covariate.
        double[] time = [1, 2, 3, 3, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
        int[] status = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0];
        double[] age = [61, 55, 70, 48, 66, 59, 52, 73, 64, 58, 45, 69, 50, 62, 71, 44, 57, 68, 53, 49];
        double[] sex = [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1];
        return new CoxData
        {
            Time = time,
            Status = status,
            Columns = [age, sex, .. extraColumns],
            ColumnNames = ["age", "sex", .. extraColumns.Select((_, k) => "extra" + k)],
        };
    }

    [Fact]
    public void GivenDuplicatedColumn_WhenFitted_ThenConvergesWithThatColumnSingular()
    {
        var baseData = Lungish();
        var duplicate = baseData.Columns[0].Select(v => (2 * v) + 1).ToArray();
        var data = Lungish(duplicate);

        var fit = CoxRegression.Fit(data);
        var reference = CoxRegression.Fit(baseData);

        // R: coxph(Surv(time, status) ~ age + sex + age2) -> age2 NA, the rest as without it.
        Assert.True(fit.Converged);
        Assert.Equal(["extra0"], fit.SingularTerms);
        Assert.Equal(["extra0"], fit.ProblemTerms);
        Assert.True(double.IsNaN(fit.Coefficients[2].Coef));
        Assert.True(double.IsNaN(fit.Coefficients[2].Se));
        Assert.Equal(0, fit.Variance[2, 2]);
        Assert.Equal(2, fit.LikelihoodRatioTest.Df);
        Assert.Equal(2, fit.WaldTest.Df);
        Tolerance.Close(reference.Coefficients[0].Coef, fit.Coefficients[0].Coef, 1e-9, "age");
        Tolerance.Close(reference.Coefficients[1].Se, fit.Coefficients[1].Se, 1e-9, "sex se");
        Tolerance.Close(reference.LogLikelihoodModel, fit.LogLikelihoodModel, 1e-12, "loglik");
        Tolerance.Close(reference.ScoreTest.Statistic, fit.ScoreTest.Statistic, 1e-9, "score");

        var zph = ProportionalHazardsTest.Compute(data, fit);
        Assert.Equal(["age", "sex"], zph.Terms.Select(t => t.Term));
        Assert.Equal(2, zph.Global.Df);
    }

    [Fact]
    public void GivenConstantColumn_WhenFitted_ThenItIsSingularNotAnError()
    {
        // R: coxph(Surv(time, status) ~ age + sex + k) with k constant -> coefficient of k is NA.
        var data = Lungish(Enumerable.Repeat(5.0, 20).ToArray());

        var fit = CoxRegression.Fit(data);

        Assert.True(fit.Converged);
        Assert.Equal(["extra0"], fit.SingularTerms);
        Assert.True(double.IsNaN(fit.Coefficients[2].Coef));
    }

    [Fact]
    public void GivenCovariateMarkingEveryCensoredRow_WhenFitted_ThenFlaggedAsInfinite()
    {
        // R: d <- data.frame(time = 1:20, status = rep(c(1, 0), 10)); d$z <- 1 - d$status;
        // d$w <- c(3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3,2,3,8,4); coxph(Surv(time, status) ~ w + z, d)
        // -> iter 20, coef w -0.1310308, z -21.4410337,
        // warning "Loglik converged before variable  2 ; coefficient may be infinite."
        var status = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 1 : 0).ToArray();
        var data = new CoxData
        {
            Time = [.. Enumerable.Range(1, 20).Select(i => (double)i)],
            Status = status,
            Columns = [[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4], [.. status.Select(s => 1.0 - s)]],
            ColumnNames = ["w", "z"],
        };

        var fit = CoxRegression.Fit(data);

        Assert.True(fit.Converged);
        Assert.Equal(20, fit.Iterations);
        Assert.Equal(["z"], fit.InfiniteTerms);
        Assert.Equal(["z"], fit.ProblemTerms);
        Assert.Contains(fit.Warnings, w => w.Contains("coefficient may be infinite", StringComparison.Ordinal));
        Tolerance.Close(-0.1310308, fit.Coefficients[0].Coef, 1e-6, "w");
        Tolerance.Close(-21.4410337, fit.Coefficients[1].Coef, 1e-6, "z");
    }

    [Fact]
    public void GivenTooFewIterations_WhenFitted_ThenNotConvergedWithRIterationCount()
    {
        var fit = CoxRegression.Fit(Lungish(), new CoxOptions { MaxIterations = 1 });

        // R: coxph(..., iter.max = 1) warns "Ran out of iterations and did not converge"; fit$iter is 2.
        Assert.False(fit.Converged);
        Assert.Equal(2, fit.Iterations);
        Assert.NotEmpty(fit.ProblemTerms);
        Assert.Contains(fit.Warnings, w => w.Contains("Ran out of iterations", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenNoEvents_WhenFitted_ThenFlaggedNotThrown()
    {
        var data = Lungish();
        var censored = new CoxData
        {
            Time = data.Time,
            Status = new int[20],
            Columns = data.Columns,
            ColumnNames = data.ColumnNames,
        };

        var fit = CoxRegression.Fit(censored);

        // R returns NA coefficients, loglik c(0, 0) and iter 0.
        Assert.False(fit.Converged);
        Assert.Equal(0, fit.Events);
        Assert.All(fit.Coefficients, c => Assert.True(double.IsNaN(c.Coef)));
        Assert.Equal(["age", "sex"], fit.ProblemTerms);
        Assert.Equal(0, fit.LogLikelihoodModel);
        Assert.True(double.IsNaN(ProportionalHazardsTest.Compute(censored, fit).Global.Chisq));
    }

    [Fact]
    public void GivenNoCovariates_WhenFitted_ThenNullModelLoglik()
    {
        var one = CoxHandWorkedTests.Test1();
        var data = new CoxData { Time = one.Time, Status = one.Status, Columns = [], ColumnNames = [] };

        var fit = CoxRegression.Fit(data);

        // R: coxph(Surv(time, status) ~ 1, test1)$loglik = -log(72).
        Assert.True(fit.Converged);
        Assert.Equal(0, fit.Iterations);
        Tolerance.Exact(-Math.Log(72), fit.LogLikelihoodNull, "loglik");
        Tolerance.Exact(-Math.Log(72), fit.LogLikelihoodModel, "loglik");
        Assert.Equal(0, fit.LikelihoodRatioTest.Df);
    }

    [Fact]
    public void GivenRowsInAnyOrder_WhenFitted_ThenSameResultAndLinearPredictorFollowsRows()
    {
        var data = Lungish();
        var permutation = new[] { 7, 3, 19, 0, 12, 5, 1, 16, 9, 14, 2, 18, 6, 11, 4, 17, 8, 13, 10, 15 };
        var shuffled = new CoxData
        {
            Time = [.. permutation.Select(i => data.Time[i])],
            Status = [.. permutation.Select(i => data.Status[i])],
            Columns = [.. data.Columns.Select(c => permutation.Select(i => c[i]).ToArray())],
            ColumnNames = data.ColumnNames,
        };

        var a = CoxRegression.Fit(data);
        var b = CoxRegression.Fit(shuffled);

        for (var j = 0; j < 2; j++)
        {
            Tolerance.Close(a.Coefficients[j].Coef, b.Coefficients[j].Coef, 1e-10, "coef");
            Tolerance.Close(a.Coefficients[j].Se, b.Coefficients[j].Se, 1e-10, "se");
        }

        for (var k = 0; k < permutation.Length; k++)
        {
            Tolerance.Close(a.LinearPredictor[permutation[k]], b.LinearPredictor[k], 1e-10, "lp");
        }
    }

    [Fact]
    public void GivenTimesEqualUpToRounding_WhenFitted_ThenTreatedAsTiesLikeAeqSurv()
    {
        var data = Lungish();
        var jittered = new CoxData
        {
            Time = [.. data.Time.Select((t, i) => i == 3 ? t * (1 + 1e-13) : t)],   // 3 vs 3.0000000000003
            Status = data.Status,
            Columns = data.Columns,
            ColumnNames = data.ColumnNames,
        };

        var tied = CoxRegression.Fit(data);
        var fixedFit = CoxRegression.Fit(jittered);
        var unfixed = CoxRegression.Fit(jittered, new CoxOptions { TimeFix = false });

        Assert.Equal(tied.LogLikelihoodModel, fixedFit.LogLikelihoodModel, 12);
        Assert.NotEqual(tied.LogLikelihoodModel, unfixed.LogLikelihoodModel, 6);
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(5, double.PositiveInfinity)]
    [InlineData(17, double.NegativeInfinity)] // in the scalar tail after the 4-wide vectors
    [InlineData(19, double.NaN)]
    public void GivenANonFiniteValue_WhenFitted_ThenArgumentExceptionNamingItsRow(int row, double value)
    {
        var data = Lungish();
        double[] time = [.. data.Time];
        time[row] = value;
        double[] sex = [.. data.Columns[1]];
        sex[row] = value;

        var badTime = Assert.Throws<ArgumentException>(() => CoxRegression.Fit(new CoxData
        {
            Time = time,
            Status = data.Status,
            Columns = data.Columns,
            ColumnNames = data.ColumnNames,
        }));
        var badColumn = Assert.Throws<ArgumentException>(() => CoxRegression.Fit(new CoxData
        {
            Time = data.Time,
            Status = data.Status,
            Columns = [data.Columns[0], sex],
            ColumnNames = data.ColumnNames,
        }));

        Assert.StartsWith($"Time at row {row} is not a finite number.", badTime.Message);
        Assert.StartsWith($"Column sex at row {row} is not finite.", badColumn.Message);
    }

    [Fact]
    public void GivenLongColumns_WhenCheckedForFiniteValues_ThenEveryPositionIsSeen()
    {
        var values = Enumerable.Range(0, 1037).Select(i => i * 0.5).ToArray();
        Assert.True(CoxKernels.AllFinite(values));
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            for (int i = 0; i < values.Length; i += 97)
            {
                var copy = (double[])values.Clone();
                copy[i] = bad;
                Assert.False(CoxKernels.AllFinite(copy), $"{bad} at {i}");
            }
        }
    }

    [Fact]
    public void GivenMalformedInput_WhenFitted_ThenArgumentException()
    {
        var data = Lungish();
        Assert.Throws<ArgumentException>(() => CoxRegression.Fit(new CoxData
        {
            Time = data.Time,
            Status = [.. data.Status.Select(s => s + 1)],
            Columns = data.Columns,
            ColumnNames = data.ColumnNames,
        }));
        Assert.Throws<ArgumentException>(() => CoxRegression.Fit(new CoxData
        {
            Time = data.Time,
            Status = data.Status,
            Columns = [[1, 2]],
            ColumnNames = ["short"],
        }));
        Assert.Throws<ArgumentException>(() => CoxRegression.Fit(data, new CoxOptions { Epsilon = 0 }));
        Assert.Throws<ArgumentException>(() => CoxRegression.Fit(data, new CoxOptions { MaxIterations = -1 }));
    }

    [Fact]
    public void GivenStratumWithOneRowAndNoEvents_WhenFitted_ThenItContributesNothing()
    {
        var data = Lungish();
        var extended = new CoxData
        {
            Time = [.. data.Time, 4],
            Status = [.. data.Status, 0],
            Columns = [[.. data.Columns[0], 50], [.. data.Columns[1], 1]],
            ColumnNames = data.ColumnNames,
            Strata = [.. Enumerable.Repeat(0, 20), 1],
        };

        var a = CoxRegression.Fit(data);
        var b = CoxRegression.Fit(extended);

        Assert.Equal(21, b.N);
        Tolerance.Close(a.LogLikelihoodModel, b.LogLikelihoodModel, 1e-12, "loglik");
        Tolerance.Close(a.Coefficients[0].Coef, b.Coefficients[0].Coef, 1e-9, "age");
    }

    [Fact]
    public void GivenSparseStratumCodes_WhenFitted_ThenSameAsDenseCodes()
    {
        var data = Lungish();
        int[] dense = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        CoxData WithStrata(int[] codes) => new()
        {
            Time = data.Time,
            Status = data.Status,
            Columns = data.Columns,
            ColumnNames = data.ColumnNames,
            Strata = codes,
        };

        var a = CoxRegression.Fit(WithStrata(dense));
        var b = CoxRegression.Fit(WithStrata([.. dense.Select(c => c == 0 ? 7 : 2_000_000_000)]));

        Tolerance.Close(a.LogLikelihoodModel, b.LogLikelihoodModel, 1e-12, "loglik");
        Tolerance.Close(a.Coefficients[0].Coef, b.Coefficients[0].Coef, 1e-10, "age");
        Assert.Equal([7, 2_000_000_000], CoxPrediction.PredictAllStrata(WithStrata([.. dense.Select(c => c == 0 ? 7 : 2_000_000_000)]), b).Select(c => c.Stratum));
    }
}

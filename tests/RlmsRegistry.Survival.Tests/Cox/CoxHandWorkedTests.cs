namespace RlmsRegistry.Survival.Tests.Cox;

/// <summary>
/// Therneau &amp; Grambsch (2000), appendix E, test data 1 (six rows; the row with a missing status
/// dropped), derived by hand. Rows (time, status, x): (9,1,0) (1,1,1) (1,0,1) (6,1,1) (6,1,0) (8,0,0).
/// With r = exp(beta):
/// <list type="bullet">
/// <item>t = 1: everyone at risk (3 with x = 1, 3 with x = 0), one death with x = 1:
///   beta - log(3r + 3); score r/(r + 1) subtracted; information r/(r + 1)^2.</item>
/// <item>t = 6: at risk (6,x=1) (6,x=0) (8,0) (9,0), risk sum r + 3, two deaths (x = 1 and 0).
///   Breslow: beta - 2 log(r + 3), score -2r/(r + 3), information 2 * 3r/(r + 3)^2.
///   Efron: second step has each death at half weight: sum (r + 5)/2, mean r/(r + 5);
///   beta - log(r + 3) - log((r + 5)/2), score -r/(r+3) - r/(r+5), information 3r/(r+3)^2 + 5r/(r+5)^2.</item>
/// <item>t = 9: one at risk, one death: contributes 0 to everything.</item>
/// </list>
/// At beta = 0: Breslow loglik = -log 96, U = 1, I = 1/4 + 6/16 = 5/8, score test 8/5;
/// Efron loglik = -log 72, U = 2 - 1/2 - 1/4 - 1/6 = 13/12, I = 1/4 + 3/16 + 5/36 = 83/144, score test 169/83.
/// Solving U = 0: Breslow -r^2 + 3r + 6 = 0, r = (3 + sqrt 33)/2; Efron r^3 - 23 r - 30 = 0, whose positive
/// root is r = 2 sqrt(23/3) cos(acos((45/23) sqrt(3/23)) / 3).
/// R agrees: coxph(Surv(time, status) ~ x, test1, ties = "breslow" | "efron", eps = 1e-14) gives
/// 1.4752849148290010 / 1.6768574855928970, loglik -3.8247495050028650 / -3.3589748402633477.
/// Tolerance 1e-12 (1e-10 for the estimate, which Newton-Raphson reaches to about that).
/// </summary>
public sealed class CoxHandWorkedTests
{
    private static readonly double RootBreslow = (3 + Math.Sqrt(33)) / 2;
    private static readonly double RootEfron = 2 * Math.Sqrt(23.0 / 3) * Math.Cos(Math.Acos(45.0 / 23 * Math.Sqrt(3.0 / 23)) / 3);

    internal static CoxData Test1() => new()
    {
        Time = [9, 1, 1, 6, 6, 8],
        Status = [1, 1, 0, 1, 1, 0],
        Columns = [[0, 1, 1, 1, 0, 0]],
        ColumnNames = ["x"],
    };

    private static readonly CoxOptions Tight = new() { Epsilon = 1e-14 };

    [Fact]
    public void GivenTiedDeaths_WhenBreslowAtZero_ThenScoreAndInformationAreExactFractions()
    {
        var (loglik, u, i) = EvaluateAt(Test1(), CoxTies.Breslow, 0.0);
        Tolerance.Exact(-Math.Log(96), loglik, "loglik(0)");
        Tolerance.Exact(1.0, u, "U(0)");
        Tolerance.Exact(5.0 / 8, i, "I(0)");
    }

    [Fact]
    public void GivenTiedDeaths_WhenEfronAtZero_ThenScoreAndInformationAreExactFractions()
    {
        var (loglik, u, i) = EvaluateAt(Test1(), CoxTies.Efron, 0.0);
        Tolerance.Exact(-Math.Log(72), loglik, "loglik(0)");
        Tolerance.Exact(13.0 / 12, u, "U(0)");
        Tolerance.Exact(83.0 / 144, i, "I(0)");
    }

    [Theory]
    [InlineData(CoxTies.Breslow)]
    [InlineData(CoxTies.Efron)]
    public void GivenTiedDeaths_WhenEvaluatedAtAnyBeta_ThenMatchesClosedForm(CoxTies ties)
    {
        foreach (var beta in new[] { -1.3, 0.4, 2.5 })
        {
            var r = Math.Exp(beta);
            var (loglik, u, i) = EvaluateAt(Test1(), ties, beta);
            if (ties == CoxTies.Breslow)
            {
                Tolerance.Exact((2 * beta) - Math.Log((3 * r) + 3) - (2 * Math.Log(r + 3)), loglik, "loglik");
                Tolerance.Exact(2 - (r / (r + 1)) - (2 * r / (r + 3)), u, "U");
                Tolerance.Exact((r / ((r + 1) * (r + 1))) + (6 * r / ((r + 3) * (r + 3))), i, "I");
            }
            else
            {
                Tolerance.Exact((2 * beta) - Math.Log((3 * r) + 3) - Math.Log(r + 3) - Math.Log((r + 5) / 2), loglik, "loglik");
                Tolerance.Exact(2 - (r / (r + 1)) - (r / (r + 3)) - (r / (r + 5)), u, "U");
                Tolerance.Exact(
                    (r / ((r + 1) * (r + 1))) + (3 * r / ((r + 3) * (r + 3))) + (5 * r / ((r + 5) * (r + 5))), i, "I");
            }
        }
    }

    [Fact]
    public void GivenTiedDeaths_WhenBreslowFitted_ThenEstimateSolvesQuadratic()
    {
        var fit = CoxRegression.Fit(Test1(), Tight with { Ties = CoxTies.Breslow });

        var r = RootBreslow;
        var info = (r / ((r + 1) * (r + 1))) + (6 * r / ((r + 3) * (r + 3)));
        Assert.True(fit.Converged);
        Tolerance.Exact(Math.Log(r), fit.Coefficients[0].Coef, "beta", 1e-10);
        Tolerance.Exact(1 / Math.Sqrt(info), fit.Coefficients[0].Se, "se", 1e-10);
        Tolerance.Exact(-Math.Log(96), fit.LogLikelihoodNull, "loglik(0)");
        Tolerance.Exact((2 * Math.Log(r)) - Math.Log((3 * r) + 3) - (2 * Math.Log(r + 3)), fit.LogLikelihoodModel, "loglik");
        Tolerance.Exact(8.0 / 5, fit.ScoreTest.Statistic, "score test");
        Tolerance.Exact(1.4752849148290010, fit.Coefficients[0].Coef, "R coef", 1e-10);
    }

    [Fact]
    public void GivenTiedDeaths_WhenEfronFitted_ThenEstimateSolvesCubic()
    {
        var fit = CoxRegression.Fit(Test1(), Tight);

        var r = RootEfron;
        Tolerance.Exact(0, (r * r * r) - (23 * r) - 30, "cubic root check", 1e-12);
        var info = (r / ((r + 1) * (r + 1))) + (3 * r / ((r + 3) * (r + 3))) + (5 * r / ((r + 5) * (r + 5)));
        Assert.True(fit.Converged);
        Tolerance.Exact(Math.Log(r), fit.Coefficients[0].Coef, "beta", 1e-10);
        Tolerance.Exact(1 / Math.Sqrt(info), fit.Coefficients[0].Se, "se", 1e-10);
        Tolerance.Exact(-Math.Log(72), fit.LogLikelihoodNull, "loglik(0)");
        Tolerance.Exact((2 * Math.Log(r)) - Math.Log((3 * r) + 3) - Math.Log(r + 3) - Math.Log((r + 5) / 2), fit.LogLikelihoodModel, "loglik");
        Tolerance.Exact(169.0 / 83, fit.ScoreTest.Statistic, "score test");
        Tolerance.Exact(1.6768574855928970, fit.Coefficients[0].Coef, "R coef", 1e-10);
    }

    [Fact]
    public void GivenCopiesInStrataWithTiesAcrossStrata_WhenFitted_ThenEachStratumKeepsItsOwnRiskSets()
    {
        // Stratum 0 and 1 are the same six rows (every time tied across strata); stratum 2 has only
        // censored rows. Separate risk sets double loglik, score and information of one copy and leave
        // beta alone; pooling the tied times across strata would change them.
        // R: coxph(Surv(time, status) ~ x + strata(g), s2, eps = 1e-14): coef 1.67685748559289682,
        // loglik -8.55333223803211062 / -6.71794968052669539, score 4.07228915662650781.
        var one = Test1();
        var data = new CoxData
        {
            Time = [.. one.Time, .. one.Time, 2, 7],
            Status = [.. one.Status, .. one.Status, 0, 0],
            Columns = [[.. one.Columns[0], .. one.Columns[0], 1, 0]],
            ColumnNames = ["x"],
            Strata = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2],
        };

        var fit = CoxRegression.Fit(data, Tight);

        Assert.Equal(14, fit.N);
        Assert.Equal(8, fit.Events);
        Tolerance.Exact(Math.Log(RootEfron), fit.Coefficients[0].Coef, "beta", 1e-10);
        Tolerance.Exact(-2 * Math.Log(72), fit.LogLikelihoodNull, "loglik(0)");
        Tolerance.Exact(2 * 169.0 / 83, fit.ScoreTest.Statistic, "score test");
        Tolerance.Exact(-6.71794968052669539, fit.LogLikelihoodModel, "R loglik", 1e-12);
        Tolerance.Exact(0.81615078037514832, fit.Variance[0, 0], "R var", 1e-9);
    }

    private static (double Loglik, double U, double I) EvaluateAt(CoxData data, CoxTies ties, double beta)
    {
        var sorted = SortedCoxData.Create(data, timeFix: true);
        Assert.False(sorted.Centered[0]); // a 0/1 column is left alone, so these are the raw-scale values.
        var likelihood = new CoxLikelihood(sorted, ties == CoxTies.Efron);
        var u = new double[1];
        var i = new double[1];
        var loglik = likelihood.Evaluate([beta], u, i);
        return (loglik, u[0], i[0]);
    }
}

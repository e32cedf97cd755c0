// ============================================================================================================
// TEMPORARY STUB — DELETE AT MERGE.
// The Cox engine (CoxRegression, ProportionalHazardsTest and their types) is written in another worktree.
// This file only declares the agreed API so that `rlms analyze cox` compiles; every method throws
// NotImplementedException. When the real engine lands, delete this file: nothing else depends on it beyond
// the agreed members.
// ============================================================================================================
#pragma warning disable CA1819 // agreed API exposes arrays
#pragma warning disable IDE0060 // stub parameters are unused

namespace RlmsRegistry.Survival;

/// <summary>Tie handling of the Cox partial likelihood (STUB).</summary>
public enum CoxTies
{
    /// <summary>Efron approximation (R default).</summary>
    Efron,

    /// <summary>Breslow approximation.</summary>
    Breslow,
}

/// <summary>Cox fitting options (STUB).</summary>
public sealed record CoxOptions
{
    /// <summary>Tie handling.</summary>
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>Convergence tolerance.</summary>
    public double Epsilon { get; init; } = 1e-9;

    /// <summary>Cholesky tolerance.</summary>
    public double TolerChol { get; init; } = 1.818989403545856e-12;

    /// <summary>Maximum Newton–Raphson iterations.</summary>
    public int MaxIterations { get; init; } = 20;
}

/// <summary>A model term and its design columns (STUB).</summary>
/// <param name="Name">Term name.</param>
/// <param name="Columns">Design column indices.</param>
public sealed record CoxTerm(string Name, int[] Columns);

/// <summary>Cox model input (STUB).</summary>
public sealed class CoxData
{
    /// <summary>Times.</summary>
    public required double[] Time { get; init; }

    /// <summary>Status 0/1.</summary>
    public required int[] Status { get; init; }

    /// <summary>Design columns, Columns[j][i].</summary>
    public required double[][] Columns { get; init; }

    /// <summary>R term names of the columns.</summary>
    public required string[] ColumnNames { get; init; }

    /// <summary>Terms; null = one per column.</summary>
    public IReadOnlyList<CoxTerm>? Terms { get; init; }

    /// <summary>Strata codes or null.</summary>
    public int[]? Strata { get; init; }

    /// <summary>Cluster codes or null.</summary>
    public int[]? Cluster { get; init; }
}

/// <summary>A test statistic (STUB).</summary>
public sealed class TestResult
{
    /// <summary>Statistic.</summary>
    public double Statistic { get; init; }

    /// <summary>Degrees of freedom.</summary>
    public int Df { get; init; }

    /// <summary>P-value.</summary>
    public double P { get; init; }
}

/// <summary>One coefficient (STUB).</summary>
public sealed class CoxCoefficient
{
    /// <summary>Term name.</summary>
    public string Term { get; init; } = "";

    /// <summary>Coefficient.</summary>
    public double Coef { get; init; }

    /// <summary>Standard error.</summary>
    public double Se { get; init; }

    /// <summary>Robust standard error, null without cluster.</summary>
    public double? RobustSe { get; init; }

    /// <summary>Wald z.</summary>
    public double Z { get; init; }

    /// <summary>P-value.</summary>
    public double P { get; init; }

    /// <summary>exp(coef).</summary>
    public double HazardRatio { get; init; }

    /// <summary>Lower 95% limit of the hazard ratio.</summary>
    public double Lower95 { get; init; }

    /// <summary>Upper 95% limit of the hazard ratio.</summary>
    public double Upper95 { get; init; }
}

/// <summary>Cox fit (STUB).</summary>
public sealed class CoxResult
{
    /// <summary>Observations.</summary>
    public int N { get; init; }

    /// <summary>Events.</summary>
    public int Events { get; init; }

    /// <summary>Converged flag.</summary>
    public bool Converged { get; init; }

    /// <summary>Iterations used.</summary>
    public int Iterations { get; init; }

    /// <summary>Terms dropped as singular.</summary>
    public string[] ProblemTerms { get; init; } = [];

    /// <summary>Log partial likelihood at beta = 0.</summary>
    public double LogLikelihoodNull { get; init; }

    /// <summary>Log partial likelihood at the estimate.</summary>
    public double LogLikelihoodModel { get; init; }

    /// <summary>Coefficients.</summary>
    public IReadOnlyList<CoxCoefficient> Coefficients { get; init; } = [];

    /// <summary>Likelihood ratio test.</summary>
    public TestResult LikelihoodRatioTest { get; init; } = new();

    /// <summary>Wald test.</summary>
    public TestResult WaldTest { get; init; } = new();

    /// <summary>Score test.</summary>
    public TestResult ScoreTest { get; init; } = new();

    /// <summary>Robust score test, null without cluster.</summary>
    public TestResult? RobustScoreTest { get; init; }

    /// <summary>Linear predictor per row in input order.</summary>
    public double[] LinearPredictor { get; init; } = [];
}

/// <summary>Cox regression (STUB: throws).</summary>
public static class CoxRegression
{
    /// <summary>Fits the model (STUB: throws NotImplementedException).</summary>
    public static CoxResult Fit(CoxData data, CoxOptions? options = null)
        => throw new NotImplementedException("the Cox engine is not in this build yet (API stub)");
}

/// <summary>One PH-test row (STUB).</summary>
public sealed class PhTerm
{
    /// <summary>Term name.</summary>
    public string Term { get; init; } = "";

    /// <summary>Chi-square.</summary>
    public double Chisq { get; init; }

    /// <summary>Degrees of freedom.</summary>
    public int Df { get; init; }

    /// <summary>P-value.</summary>
    public double P { get; init; }
}

/// <summary>PH test result (STUB).</summary>
public sealed class PhTestResult
{
    /// <summary>Per-term tests.</summary>
    public IReadOnlyList<PhTerm> Terms { get; init; } = [];

    /// <summary>Global test.</summary>
    public PhTerm Global { get; init; } = new();
}

/// <summary>Proportional hazards test (STUB: throws).</summary>
public static class ProportionalHazardsTest
{
    /// <summary>Computes the test (STUB: throws NotImplementedException).</summary>
    public static PhTestResult Compute(CoxData data, CoxResult fit)
        => throw new NotImplementedException("the proportional hazards test is not in this build yet (API stub)");
}

namespace RlmsRegistry.Survival;

/// <summary>How tied event times enter the Cox partial likelihood.</summary>
public enum CoxTies
{
    /// <summary>Efron's approximation (R's coxph default).</summary>
    Efron,

    /// <summary>Breslow's approximation.</summary>
    Breslow,
}

/// <summary>
/// Fitting options; the defaults equal R's <c>coxph.control()</c> in survival 3.5
/// (eps = 1e-9, toler.chol = .Machine$double.eps^0.75, iter.max = 20, toler.inf = sqrt(eps)).
/// </summary>
public sealed record CoxOptions
{
    /// <summary>Tie handling; Efron as in R.</summary>
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>Convergence criterion: iteration stops when |1 - loglik_new / loglik_best| &lt;= Epsilon.</summary>
    public double Epsilon { get; init; } = 1e-9;

    /// <summary>Relative pivot tolerance of the Cholesky decomposition below which a column is singular.</summary>
    public double TolerChol { get; init; } = 1.818989403545856e-12;

    /// <summary>Maximum number of Newton–Raphson iterations (R's iter.max).</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>
    /// Tolerance of the infinite-coefficient check (R's toler.inf); null means sqrt(<see cref="Epsilon"/>).
    /// </summary>
    public double? TolerInfinite { get; init; }

    /// <summary>
    /// Whether nearly equal times are made equal before fitting, as R's <c>coxph.control(timefix = TRUE)</c>
    /// does through <c>aeqSurv</c> (relative or absolute gap at most sqrt(machine epsilon)).
    /// </summary>
    public bool TimeFix { get; init; } = true;

    /// <summary>The effective infinite-coefficient tolerance.</summary>
    internal double EffectiveTolerInfinite => TolerInfinite ?? Math.Sqrt(Epsilon);

    /// <summary>Throws <see cref="ArgumentException"/> for settings R's coxph.control would reject.</summary>
    public void Validate()
    {
        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentException("Epsilon must be a positive finite number.", nameof(Epsilon));
        }

        if (!(TolerChol >= 0) || !double.IsFinite(TolerChol))
        {
            throw new ArgumentException("TolerChol must be a non-negative finite number.", nameof(TolerChol));
        }

        if (MaxIterations < 0)
        {
            throw new ArgumentException("MaxIterations must not be negative.", nameof(MaxIterations));
        }

        if (TolerInfinite is { } t && (!(t > 0) || !double.IsFinite(t)))
        {
            throw new ArgumentException("TolerInfinite must be a positive finite number.", nameof(TolerInfinite));
        }

        if (!Enum.IsDefined(Ties))
        {
            throw new ArgumentException("Unknown ties method.", nameof(Ties));
        }
    }
}

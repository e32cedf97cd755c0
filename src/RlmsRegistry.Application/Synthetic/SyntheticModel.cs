namespace RlmsRegistry.Application.Synthetic;

/// <summary>
/// The data-generating model of the synthetic registry, per cohort: covariate distributions, the true log hazard ratios
/// of a Weibull proportional-hazards model for overall survival, and the censoring (administrative end of follow-up plus
/// exponential loss to follow-up). The defaults are tuned so that the default registry (227 patients, default seed)
/// reproduces the published cohort approximately; see docs/architecture.md (Synthetic registry).
/// </summary>
/// <remarks>
/// Hazard of a patient: h(t) = h0(t) · exp(lp), h0 Weibull with shape <see cref="CohortModel.WeibullShape"/> and median
/// <see cref="CohortModel.BaselineMedianMonths"/> at lp = 0; lp = Σ β·(x − reference), so the baseline is a typical patient.
/// Times in months (days / 30.4375).
/// </remarks>
public sealed record SyntheticModel
{
    public CohortModel Primary { get; init; } = new()
    {
        DiameterMedianCm = 11.0,
        DiameterSdLog = 0.5,
        GradeWeights = [0.30, 0.36, 0.34],
        MultifocalShare = 0.15,
        LogHrPerCm = 0.11,
        LogHrGrade2 = 0.9,
        LogHrGrade3 = 1.9,
        LogHrPerPlatelet = 0.009,
        LogHrPerNlr = 0.55,
        LogHrPerDfiMonth = 0.0,
        WeibullShape = 1.1,
        BaselineMedianMonths = 95,
        LossToFollowUpMeanMonths = 70,
    };

    public CohortModel Recurrent { get; init; } = new()
    {
        DiameterMedianCm = 8.0,
        DiameterSdLog = 0.5,
        GradeWeights = [0.15, 0.40, 0.45],
        MultifocalShare = 0.30,
        LogHrPerCm = 0.0,
        LogHrGrade2 = 0.0,
        LogHrGrade3 = 0.0,
        LogHrPerPlatelet = 0.0,
        LogHrPerNlr = 0.45,
        LogHrPerDfiMonth = -0.03,
        WeibullShape = 0.9,
        BaselineMedianMonths = 31,
        LossToFollowUpMeanMonths = 160,
    };
}

/// <summary>The generating model of one cohort (see <see cref="SyntheticModel"/>).</summary>
public sealed record CohortModel
{
    /// <summary>Maximum tumour diameter: log-normal median, cm (clamped to 2–40 cm).</summary>
    public double DiameterMedianCm { get; init; }

    public double DiameterSdLog { get; init; }

    /// <summary>Relative frequencies of FNCLCC grades 1, 2, 3.</summary>
    public IReadOnlyList<double> GradeWeights { get; init; } = [1, 1, 1];

    public double MultifocalShare { get; init; }

    /// <summary>True log hazard ratio per cm of diameter (reference 11 cm).</summary>
    public double LogHrPerCm { get; init; }

    /// <summary>True log hazard ratio of grade 2 against grade 1.</summary>
    public double LogHrGrade2 { get; init; }

    /// <summary>True log hazard ratio of grade 3 against grade 1.</summary>
    public double LogHrGrade3 { get; init; }

    /// <summary>True log hazard ratio per 10⁹/L of platelets (reference 250).</summary>
    public double LogHrPerPlatelet { get; init; }

    /// <summary>True log hazard ratio per unit of NLR (reference 2.5).</summary>
    public double LogHrPerNlr { get; init; }

    /// <summary>True log hazard ratio per month of disease-free interval (reference 24; negative: a longer DFI is better).</summary>
    public double LogHrPerDfiMonth { get; init; }

    public double WeibullShape { get; init; } = 1.0;

    /// <summary>Median overall survival of a patient with lp = 0 (all covariates at their reference, grade 2).</summary>
    public double BaselineMedianMonths { get; init; }

    /// <summary>Mean of the exponential time to loss to follow-up.</summary>
    public double LossToFollowUpMeanMonths { get; init; }
}

using System.Globalization;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The candidate prognostic factors of the published study, and how each enters a Cox model:
/// numeric as is; categorical as treatment contrasts against the first level, terms named
/// <c>&lt;factor&gt;&lt;level&gt;</c> as R names them (e.g. <c>fnclccGrade2</c>, <c>resectionR1</c>, <c>sexmale</c>).
/// </summary>
public static class AnalysisFactors
{
    public static readonly AnalysisFactor Age = new("ageAtSurgery", "Age at surgery (years)", r => r.AgeAtSurgery);
    public static readonly AnalysisFactor Sex = new("sex", "Sex", r => r.Sex == Domain.Patients.Sex.Male ? "male" : "female", ["female", "male"]);
    public static readonly AnalysisFactor Diameter = new("maxDiameterCm", "Maximum tumour diameter (cm)", r => (double?)r.MaxDiameterCm);
    public static readonly AnalysisFactor Grade = new("fnclccGrade", "FNCLCC grade", r => r.FnclccGrade is { } g ? ((int)g).ToString(CultureInfo.InvariantCulture) : null, ["1", "2", "3"]);
    public static readonly AnalysisFactor Platelets = new("plateletsE9PerL", "Platelets (×10⁹/L)", r => (double?)r.PlateletsE9PerL);
    public static readonly AnalysisFactor Nlr = new("nlr", "Neutrophil/lymphocyte ratio", r => (double?)r.Nlr);
    public static readonly AnalysisFactor Resection = new("resection", "Resection", r => r.Resection?.ToString(), ["R0", "R1", "R2"]);
    public static readonly AnalysisFactor Multifocal = new("multifocal", "Multifocal", r => r.Multifocal is { } m ? (m ? 1.0 : 0.0) : null);
    public static readonly AnalysisFactor Dfi = new("dfiMonths", "Disease-free interval (months)", r => r.DfiMonths);

    private static readonly AnalysisFactor[] All = [Age, Sex, Diameter, Grade, Platelets, Nlr, Resection, Multifocal, Dfi];
    private static readonly AnalysisFactor[] WithoutDfi = [.. All.Where(f => f != Dfi)];

    /// <summary>The factors screened in each cohort (DFI only where there was a primary before: the recurrent cohort).</summary>
    public static IReadOnlyList<AnalysisFactor> Candidates(Cohort cohort) => cohort == Cohort.Recurrent ? All : WithoutDfi;

    public static AnalysisFactor? Find(string key) => Array.Find(All, f => f.Key == key);
}

/// <summary>One candidate factor: numeric (<see cref="Levels"/> empty) or categorical with its levels in R's order.</summary>
public sealed class AnalysisFactor
{
    private readonly Func<AnalysisRow, double?>? _numeric;
    private readonly Func<AnalysisRow, string?>? _level;

    public AnalysisFactor(string key, string label, Func<AnalysisRow, double?> numeric)
    {
        Key = key;
        Label = label;
        _numeric = numeric;
        Levels = [];
    }

    public AnalysisFactor(string key, string label, Func<AnalysisRow, string?> level, IReadOnlyList<string> levels)
    {
        Key = key;
        Label = label;
        _level = level;
        Levels = levels;
    }

    public string Key { get; }

    public string Label { get; }

    public IReadOnlyList<string> Levels { get; }

    public bool IsCategorical => Levels.Count > 0;

    public bool IsMissing(AnalysisRow row) => IsCategorical ? _level!(row) is null : _numeric!(row) is null;

    public double? Numeric(AnalysisRow row) => _numeric?.Invoke(row);

    public string? Level(AnalysisRow row) => _level?.Invoke(row);
}

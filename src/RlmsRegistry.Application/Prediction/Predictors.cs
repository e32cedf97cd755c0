using System.Globalization;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Application.Prediction;

/// <summary>A choice of a categorical predictor: the value as in the analysis dataset, and its label.</summary>
public sealed record PredictorChoice(string Value, string Label);

/// <summary>
/// How the risk calculator asks for one factor of the model: its name (the analysis dataset's column, also the query
/// parameter), label and unit for people, the range it accepts, or its choices.
/// </summary>
public sealed record PredictorInput(string Key, string Label, string? Unit, decimal? Min, decimal? Max, IReadOnlyList<PredictorChoice> Choices)
{
    public bool IsChoice => Choices.Count > 0;

    /// <summary>"Maximum tumour diameter (cm)".</summary>
    public string LabelWithUnit => Unit is null ? Label : $"{Label} ({Unit})";

    public string RangeText => Min is { } min && Max is { } max
        ? string.Create(CultureInfo.InvariantCulture, $"{NumberRange.Format(min)}–{NumberRange.Format(max)}{(Unit is null ? string.Empty : " " + Unit)}")
        : string.Empty;
}

/// <summary>
/// The inputs of the risk calculator for every candidate factor. Labels, units, ranges and answers come from the form
/// definitions where the factor is a form field (diameter, platelets, resection, multifocal, sex); the derived factors
/// (age, NLR, disease-free interval) are described here, with ranges that follow from the fields they derive from.
/// </summary>
public static class Predictors
{
    private static readonly Dictionary<string, PredictorInput> ByKey = Build().ToDictionary(p => p.Key, StringComparer.Ordinal);

    public static PredictorInput For(string key) => ByKey.TryGetValue(key, out var p) ? p : throw new InvalidOperationException($"No calculator input for {key}.");

    public static bool IsKnown(string key) => ByKey.ContainsKey(key);

    private static IEnumerable<PredictorInput> Build()
    {
        var fields = FormDefinitions.All.SelectMany(f => f.Fields).GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        PredictorInput FromField(string key, decimal? min = null, decimal? max = null)
        {
            var f = fields[key];
            return new PredictorInput(key, f.Label, f.Unit, f.Hard?.Min ?? min, f.Hard?.Max ?? max, []);
        }

        PredictorInput ChoiceField(string key) => new(key, fields[key].Label, null, null, null,
            [.. fields[key].Choices.Select(c => new PredictorChoice(c.Wire, c.Label))]);

        yield return new PredictorInput(AnalysisFactors.Age.Key, "Age at surgery", "years", 0, 120, []);
        yield return ChoiceField(AnalysisFactors.Sex.Key);
        yield return FromField(AnalysisFactors.Diameter.Key);
        yield return new PredictorInput(AnalysisFactors.Grade.Key, "FNCLCC grade", null, null, null,
            [new("1", "G1 (score 2–3)"), new("2", "G2 (score 4–5)"), new("3", "G3 (score 6–8)")]);
        yield return FromField(AnalysisFactors.Platelets.Key);
        yield return new PredictorInput(AnalysisFactors.Nlr.Key, "Neutrophil/lymphocyte ratio", null, 0.0001m, 10_000m, []);
        yield return ChoiceField(AnalysisFactors.Resection.Key);
        yield return new PredictorInput(AnalysisFactors.Multifocal.Key, fields["multifocal"].Label, null, null, null, [new("1", "Yes"), new("0", "No")]);
        yield return new PredictorInput(AnalysisFactors.Dfi.Key, "Disease-free interval", "months", 0, 1_200, []);
    }
}

using RlmsRegistry.Application.Dashboards;
using RlmsRegistry.Application.Prediction.Queries.PredictSurvival;

namespace RlmsRegistry.Web.Models;

public sealed class RiskCalculatorViewModel
{
    public required string Cohort { get; init; }

    /// <summary>The answer (with a prediction when the form was submitted without problems), or null with <see cref="Unavailable"/>.</summary>
    public DashboardResponse<SurvivalPrediction>? Result { get; set; }

    /// <summary>Why nothing can be predicted (no model in the newest snapshot).</summary>
    public string? Unavailable { get; set; }

    /// <summary>The text typed per field, shown back as typed.</summary>
    public Dictionary<string, string> Entered { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Problems per field (column name), shown beside the field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool HasPrediction => Result?.Data?.AtTimes.Count > 0;
}

/// <summary>The predicted curve as SVG paths (steps, survival 0–1 on a 0–100 % axis) for the calculator's figure.</summary>
public static class PredictionSvg
{
    public const double Width = 640, Height = 320, Left = 48, Right = 12, Top = 12, Bottom = 40;

    public static double MaxMonths(IReadOnlyList<PredictedCurvePoint> curve, IReadOnlyList<PredictedSurvivalAt> at) =>
        Math.Ceiling(Math.Max(curve.Count > 0 ? curve[^1].Months : 0, at.Count > 0 ? at.Max(p => p.Months) : 60) / 12) * 12;

    public static double X(double months, double max) => Left + (months / max * (Width - Left - Right));

    public static double Y(double survival) => Top + ((1 - Math.Clamp(survival, 0, 1)) * (Height - Top - Bottom));

    /// <summary>The step line through <paramref name="value"/> of each point, carried to the axis end.</summary>
    public static string Steps(IReadOnlyList<PredictedCurvePoint> curve, Func<PredictedCurvePoint, double> value, double max)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < curve.Count; i++)
        {
            var x = X(Math.Min(curve[i].Months, max), max);
            var y = Y(value(curve[i]));
            if (i == 0)
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"M{x:0.#},{y:0.#}");
            }
            else
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $" H{x:0.#} V{y:0.#}");
            }
        }

        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $" H{X(max, max):0.#}");
        return sb.ToString();
    }
}

using Microsoft.Extensions.Primitives;
using RlmsRegistry.Application.Prediction;
using RlmsRegistry.Application.Prediction.Queries.PredictSurvival;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// Reads the risk calculator's values from a query string (the page's GET form and the API alike): parameters named as
/// the analysis dataset's columns; numbers with the data-entry rules of <see cref="DecimalEntry"/> (comma or point,
/// no thousands separators), so "12,5" typed in a German browser is 12.5. Other parameters are left out.
/// </summary>
public static class PredictorEntries
{
    public static Dictionary<string, PredictorEntry> From(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var entries = new Dictionary<string, PredictorEntry>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (!Predictors.IsKnown(key))
            {
                continue;
            }

            var text = values.ToString();
            if (Predictors.For(key).IsChoice || string.IsNullOrWhiteSpace(text))
            {
                entries[key] = new PredictorEntry(text);
                continue;
            }

            entries[key] = DecimalEntry.TryParse(text, out var number, out var problem)
                ? new PredictorEntry(text, number)
                : new PredictorEntry(text, Problem: problem);
        }

        return entries;
    }

    /// <summary>True when the query names any factor: the calculator was submitted (else it shows the empty form).</summary>
    public static bool AnyIn(IEnumerable<KeyValuePair<string, StringValues>> query) => query.Any(kv => Predictors.IsKnown(kv.Key));
}

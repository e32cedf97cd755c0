using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlmsRegistry.Application.Analysis;

/// <summary>The one JSON shape of analysis settings and results, for storage, the API and the reproducibility bundle.</summary>
public static class AnalysisJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Stored {typeof(T).Name} JSON is empty.");
}

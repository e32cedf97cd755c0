using System.Text.Json;
using System.Text.Json.Serialization;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// The ties method in stored settings JSON as R spells it ("efron", "breslow"), the form snapshots have always used;
/// any other value is refused rather than read as the default.
/// </summary>
public sealed class TiesJsonConverter : JsonConverter<CoxTies>
{
    public override CoxTies Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Enum.TryParse<CoxTies>(reader.GetString(), ignoreCase: true, out var ties) && Enum.IsDefined(ties)
            ? ties
            : throw new JsonException("The ties method must be \"efron\" or \"breslow\".");

    public override void Write(Utf8JsonWriter writer, CoxTies value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString().ToLowerInvariant());
}

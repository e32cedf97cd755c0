using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RlmsRegistry.Cli.Output;

/// <summary>Writes a report as exactly one JSON document (System.Text.Json, source generated).</summary>
internal static class Json
{
    public static void Write<T>(TextWriter output, T report, JsonTypeInfo<T> typeInfo)
    {
        output.WriteLine(JsonSerializer.Serialize(report, typeInfo));
    }
}

/// <summary>Writes non-finite doubles (R's NA / NaN) as JSON null.</summary>
internal sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Source-generated serialization metadata for the reports.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(FiniteOrNullConverter)])]
[JsonSerializable(typeof(KmReport))]
[JsonSerializable(typeof(FollowUpReport))]
[JsonSerializable(typeof(CoxReport))]
[JsonSerializable(typeof(CifReport))]
[JsonSerializable(typeof(FineGrayReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using RlmsRegistry.Application.Analysis.Queries.GetPaperReport;

namespace RlmsRegistry.Cli.Output;

/// <summary>
/// Source-generated serialization metadata for the registry's own reports, written like the analysis reports
/// (<see cref="ReportJsonContext"/>: camelCase, indented, NA as null).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(FiniteOrNullConverter)])]
[JsonSerializable(typeof(PaperReportDto))]
internal sealed partial class RegistryReportJsonContext : JsonSerializerContext;

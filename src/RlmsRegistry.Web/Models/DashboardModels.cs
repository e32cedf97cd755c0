using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RlmsRegistry.Application.Dashboards;

namespace RlmsRegistry.Web.Models;

public sealed class OverviewDashboardViewModel
{
    public required DashboardResponse<OverviewFigure> Overview { get; init; }

    public required string AccrualJson { get; init; }
}

public sealed class CohortDashboardViewModel
{
    public required string Cohort { get; init; }

    public required DashboardResponse<CohortSummary> Summary { get; init; }

    public required DashboardResponse<KmFigure> Km { get; init; }

    public required DashboardResponse<ModelsFigure> Models { get; init; }

    /// <summary>The multivariable forest plot's data island (issue 18).</summary>
    public string ForestJson { get; init; } = "null";

    /// <summary>The univariable forest plot's data island.</summary>
    public string UnivariableForestJson { get; init; } = "null";
}

/// <summary>The accrual figure: its data, the JSON island, and whether counts of 1–4 are shown as "&lt;5".</summary>
public sealed record AccrualFigureViewModel(AccrualFigure Figure, string Json, bool Suppressed);

/// <summary>One forest plot on a page: the element it is drawn into, the download file name, the figure and its JSON.</summary>
public sealed record ForestFigureViewModel(string Target, string Name, ForestFigure Figure, string Json);

public sealed class PaperDashboardViewModel
{
    public required DashboardResponse<PaperComparison> Paper { get; init; }
}

public sealed class HistoryDashboardViewModel
{
    public required DashboardResponse<HistoryFigure> History { get; init; }

    public required string HistoryJson { get; init; }
}

/// <summary>
/// How the dashboards print numbers: rounded for reading, with the snapshot's exact value in <c>data-value</c>
/// (round-trip, invariant) so the table can be checked against, and copied from, the snapshot.
/// </summary>
public static class Fmt
{
    public static string Num(double? x, int digits = 1) => x is { } v ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    public static string Raw(double? x) => x is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    public static string Pct(double? share, int digits = 1) => share is { } s ? Num(s * 100, digits) + " %" : "—";

    public static string P(double? p) => p switch
    {
        null => "—",
        < 0.001 => "<0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture),
    };

    public static string RawCount(SmallCount c) => c.Value?.ToString(CultureInfo.InvariantCulture) ?? SmallCount.SuppressedText;

    public static string Months(double m) => m.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>
/// A figure's JSON for its data island, serialized once per figure instance (figures are memoized per snapshot, so
/// this is once per snapshot). The default encoder escapes &lt; &gt; &amp;, so the JSON is safe inside a script element.
/// </summary>
public static class FigureJson
{
    private static readonly ConditionalWeakTable<object, string> Cache = [];

    public static string For(object? figure, JsonSerializerOptions options) =>
        figure is null ? "null" : Cache.GetValue(figure, f => JsonSerializer.Serialize(f, f.GetType(), options));
}

/// <summary>
/// A number on a dashboard page: <c>&lt;span data-key="…" data-value="exact"&gt;rounded&lt;/span&gt;</c>. The key names
/// the snapshot value, the value is the snapshot's number itself (round-trip) or the count as shown ("&lt;5").
/// </summary>
public static class Dv
{
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Default;

    public static Microsoft.AspNetCore.Html.HtmlString V(string key, double? value, int digits = 1) =>
        Span(key, Fmt.Raw(value), Fmt.Num(value, digits));

    public static Microsoft.AspNetCore.Html.HtmlString Pr(string key, double? value) => Span(key, Fmt.Raw(value), Fmt.P(value));

    public static Microsoft.AspNetCore.Html.HtmlString Pct(string key, double? share) => Span(key, Fmt.Raw(share), Fmt.Pct(share));

    public static Microsoft.AspNetCore.Html.HtmlString C(string key, SmallCount count) => Span(key, Fmt.RawCount(count), count.ToString());

    /// <summary>
    /// "value (lower–upper)" with each number keyed <c>key.value</c>, <c>key.lower</c>, <c>key.upper</c>; a limit or a
    /// value that was not reached prints as "NR" (issue 18), or as <paramref name="notReached"/> for the value.
    /// </summary>
    public static Microsoft.AspNetCore.Html.HtmlString Ci(string key, double? value, double? lower, double? upper, int digits = 1, string notReached = ReportText.NotReached) =>
        value is null
            ? new Microsoft.AspNetCore.Html.HtmlString($"<span data-key=\"{Html.Encode(key + ".value")}\" data-value=\"\" title=\"not reached\">{Html.Encode(notReached)}</span>")
            : new Microsoft.AspNetCore.Html.HtmlString($"{V(key + ".value", value, digits)} ({Limit(key + ".lower", lower, digits)}–{Limit(key + ".upper", upper, digits)})");

    /// <summary>A p-value inside a sentence: "p &lt; 0.001" or "p = 0.012", the exact value in <c>data-value</c>.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString PIn(string key, double? value) => Span(key, Fmt.Raw(value), ReportText.PInline(value));

    private static Microsoft.AspNetCore.Html.HtmlString Limit(string key, double? value, int digits) =>
        value is null
            ? new Microsoft.AspNetCore.Html.HtmlString($"<span data-key=\"{Html.Encode(key)}\" data-value=\"\" title=\"not reached\">{ReportText.NotReached}</span>")
            : V(key, value, digits);

    private static Microsoft.AspNetCore.Html.HtmlString Span(string key, string raw, string text) =>
        new($"<span data-key=\"{Html.Encode(key)}\" data-value=\"{Html.Encode(raw)}\">{Html.Encode(text)}</span>");
}

/// <summary>
/// A large figure's JSON as bytes, plain and gzip-compressed, made once per figure instance (so once per snapshot):
/// the page endpoint that serves it costs a lookup and a copy, not a serialization or a compression per request.
/// </summary>
public static class FigureBytes
{
    private static readonly ConditionalWeakTable<object, Encoded> Cache = [];

    /// <summary>The bytes of <paramref name="value"/>, cached under <paramref name="key"/> (the memoized figure it wraps).</summary>
    public static Encoded For(object key, object value, JsonSerializerOptions options) => Cache.GetValue(key, _ =>
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return new Encoded(json, buffer.ToArray());
    });

    public sealed record Encoded(byte[] Json, byte[] Gzip);
}

/// <summary>
/// The dashboards' JSON: the app's options, plus named literals for the non-finite numbers a snapshot may hold (an
/// infinite hazard ratio of a separated factor), written as "Infinity"/"NaN" as the snapshot itself stores them.
/// </summary>
public static class DashboardJson
{
    private static JsonSerializerOptions? _options;

    public static JsonSerializerOptions Options(JsonSerializerOptions app) =>
        _options ??= new JsonSerializerOptions(app) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

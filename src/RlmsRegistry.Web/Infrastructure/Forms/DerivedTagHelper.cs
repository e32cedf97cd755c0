using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Razor.TagHelpers;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Forms;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// <c>&lt;crf-derived field="…" source="…" /&gt;</c>: a calculated field (FNCLCC score and grade, T category, NLR, PLR)
/// shown while the user types. The server renders the value of the values on the page with the domain's own rules; the
/// page's script (crf.js) recomputes it on every keystroke from the rule tables published here as data attributes (the
/// same tables the domain uses), so the live value and the stored one cannot disagree.
/// </summary>
[HtmlTargetElement("crf-derived", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DerivedTagHelper : TagHelper
{
    /// <summary>The rule tables of every live calculation (JSON), from the domain.</summary>
    public static string RulesJson { get; } = JsonSerializer.Serialize(new
    {
        mitosisUpperBounds = FnclccComponents.MitosisScoreUpperBounds,
        gradeUpperBounds = FnclccComponents.GradeUpperBounds,
        necrosisScores = Enum.GetValues<Necrosis>().ToDictionary(n => n.ToString(), FnclccComponents.ScoreNecrosis),
        differentiationScores = new[] { 1, 2, 3 },
        tUpperBoundsCm = Operation.TCategoryUpperBoundsCm,
    });

    [HtmlAttributeName("field")]
    public required FieldDefinition Field { get; set; }

    /// <summary>The form's current values (the posted or stored command).</summary>
    [HtmlAttributeName("source")]
    public required object Source { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (text, value) = Compute(Field.Name, FieldValues.Of(Source));
        var e = HtmlEncoder.Default;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field derived");
        var id = "Derived_" + Field.Property;
        output.Content.SetHtmlContent(
            $"<span class=\"label\" id=\"{id}-label\">{e.Encode(Field.Label)}</span>"
            + $"<output id=\"{id}\" aria-labelledby=\"{id}-label\" aria-live=\"polite\" data-derived=\"{Field.Name}\" data-value=\"{e.Encode(value)}\" data-rules=\"{e.Encode(RulesJson)}\">{e.Encode(text.Length == 0 ? "—" : text)}</output>"
            + $"<small>{e.Encode(Field.Formula ?? string.Empty)}</small>");
    }

    /// <summary>The derived value in words and as data (empty when the inputs are incomplete or invalid).</summary>
    public static (string Text, string Value) Compute(string name, Func<string, object?> read)
    {
        try
        {
            switch (name)
            {
                case "tCategory" when read("maxDiameterCm") is decimal d && d > 0:
                    var t = Operation.TCategoryFor(d);
                    return (t.ToString(), t.ToString());
                case "fnclccScore" or "fnclccGrade":
                    var components = FnclccComponents.From(read("differentiationScore") as int?, read("mitoticCountPer10Hpf") as int?, read("necrosis") as Necrosis?);
                    if (components is null)
                    {
                        return (string.Empty, string.Empty);
                    }

                    return name == "fnclccScore"
                        ? (components.TotalScore.ToString(CultureInfo.InvariantCulture), components.TotalScore.ToString(CultureInfo.InvariantCulture))
                        : (components.Grade.ToString(), ((int)components.Grade).ToString(CultureInfo.InvariantCulture));
                case "nlr" or "plr":
                    var numerator = read(name == "nlr" ? "neutrophilsE9PerL" : "plateletsE9PerL") as decimal?;
                    if (numerator is { } n && read("lymphocytesE9PerL") is decimal l && l > 0)
                    {
                        var ratio = n / l;
                        return (ratio.ToString("0.00", CultureInfo.InvariantCulture), ratio.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }
        catch (Domain.Common.DomainRuleException)
        {
            // Components outside their range: nothing to show (the field's own error says why).
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        return (string.Empty, string.Empty);
    }
}

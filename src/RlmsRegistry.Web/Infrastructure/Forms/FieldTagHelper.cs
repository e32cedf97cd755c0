using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using RlmsRegistry.Domain.Forms;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// <c>&lt;crf-field path="Form.MaxDiameterCm" /&gt;</c>: one form field rendered from its definition — label, required
/// marker and <c>aria-required</c>, input (text with <c>inputmode=decimal</c> for numbers, so the decimal comma is
/// typed as such in every browser language; a select for answers; a date picker), unit, help, the error and the
/// plausibility warning beside it, and the branching rule (<c>data-applies-when</c>, read by crf.js). Nothing about the
/// field is written in the view.
/// </summary>
[HtmlTargetElement("crf-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    /// <summary>The bound name of the field, e.g. "Form.MaxDiameterCm" (a property of the page's model).</summary>
    [HtmlAttributeName("path")]
    public required string Path { get; set; }

    /// <summary>Puts the cursor on this field when the page opens.</summary>
    [HtmlAttributeName("autofocus")]
    public bool Autofocus { get; set; }

    /// <summary>Date fields: the earliest date offered (yyyy-MM-dd).</summary>
    [HtmlAttributeName("min")]
    public string? Min { get; set; }

    /// <summary>Date fields: the latest date offered (yyyy-MM-dd); today for dates that cannot be in the future.</summary>
    [HtmlAttributeName("max")]
    public string? Max { get; set; }

    /// <summary>Replaces the definition's help text (e.g. a window computed for this operation).</summary>
    [HtmlAttributeName("help")]
    public string? HelpText { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Walk "Form.MaxDiameterCm" from the page's model: the object carrying the field, and the field's name.
        object? holder = ViewContext.ViewData.Model;
        var segments = Path.Split('.');
        foreach (var segment in segments[..^1])
        {
            holder = holder?.GetType().GetProperty(segment)?.GetValue(holder);
        }

        var propertyName = segments[^1];
        var form = FieldCatalogue.FormOf(holder?.GetType())
            ?? throw new InvalidOperationException($"{holder?.GetType().Name} has no form definition.");
        var field = form.FindByProperty(propertyName)
            ?? throw new InvalidOperationException($"{holder!.GetType().Name}.{propertyName} has no field definition (docs/adding-a-field.md).");
        var name = Path;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var prefix = name[..^propertyName.Length];
        var container = ViewContext.ViewData.Model as CaseFormPage;
        var formModel = holder;
        var read = formModel is null ? (Func<string, object?>)(_ => null) : FieldValues.Of(formModel);
        var model = read(field.Name);
        var applies = FormDefinition.Applies(field, read);
        var required = field.Requirement != Requirement.Optional;

        ViewContext.ViewData.ModelState.TryGetValue(name, out var entry);
        var errors = entry?.Errors.Select(e => e.ErrorMessage).Where(m => !string.IsNullOrEmpty(m)).ToList() ?? [];
        var warning = errors.Count > 0 || formModel is null ? null : FieldRules.Warnings(form, formModel).FirstOrDefault(w => w.Field == field.Name)?.Message;
        var text = entry?.AttemptedValue ?? FormValue(model);

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        var classes = "field";
        if (container?.Missing.Contains(field.Name, StringComparer.OrdinalIgnoreCase) == true)
        {
            classes += " missing";
        }

        if (warning is not null)
        {
            classes += " has-warning";
        }

        output.Attributes.SetAttribute("class", classes);
        output.Attributes.SetAttribute("data-field", field.Name);
        if (field.AppliesWhen is { } branching)
        {
            var conditions = branching.AllOf.Select(c => new
            {
                field = TagBuilder.CreateSanitizedId(prefix + form[c.Field].Property, "_"),
                values = c.Values.Select(v => form[c.Field].FindChoice(v)?.FormValue ?? Convert.ToString(v, CultureInfo.InvariantCulture)).ToArray(),
            });
            output.Attributes.SetAttribute("data-applies-when", JsonSerializer.Serialize(conditions));
            if (!applies)
            {
                output.Attributes.SetAttribute("hidden", "hidden");
            }
        }

        var describedBy = new List<string>();
        var html = new System.Text.StringBuilder();
        var e = HtmlEncoder.Default;
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{e.Encode(field.Label)}");
        if (required)
        {
            html.Append("<span class=\"required-mark\" aria-hidden=\"true\"> *</span>");
        }

        html.Append("</label>");
        var help = HelpText ?? field.Help;
        if (help is not null)
        {
            describedBy.Add(id + "-help");
        }

        if (errors.Count > 0)
        {
            describedBy.Add(id + "-error");
        }

        if (warning is not null)
        {
            describedBy.Add(id + "-warning");
        }

        var common = $"id=\"{id}\" name=\"{e.Encode(name)}\"";
        if (required)
        {
            common += " aria-required=\"true\"";
        }

        if (field.Requirement == Requirement.Always && field.AppliesWhen is null)
        {
            common += " required";
        }

        if (describedBy.Count > 0)
        {
            common += $" aria-describedby=\"{string.Join(' ', describedBy)}\"";
        }

        if (errors.Count > 0)
        {
            common += " aria-invalid=\"true\"";
        }

        if (!applies)
        {
            common += " disabled";
        }

        if (Autofocus)
        {
            common += " autofocus";
        }

        string input;
        if (field.Choices.Count > 0)
        {
            var options = new System.Text.StringBuilder("<option value=\"\">—</option>");
            foreach (var choice in field.Choices)
            {
                var selected = string.Equals(choice.FormValue, text, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty;
                options.Append(CultureInfo.InvariantCulture, $"<option value=\"{e.Encode(choice.FormValue)}\"{selected}>{e.Encode(choice.Label)}</option>");
            }

            input = $"<select {common}>{options}</select>";
        }
        else if (field.Type == FieldType.Date)
        {
            var max = Max ?? (field.NotInFuture ? DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
            input = $"<input {common} type=\"date\" value=\"{e.Encode(text ?? string.Empty)}\"{(Min is null ? string.Empty : $" min=\"{Min}\"")}{(max is null ? string.Empty : $" max=\"{max}\"")} />";
        }
        else
        {
            var mode = field.Type == FieldType.Number ? "decimal" : "numeric";
            input = $"<input {common} type=\"text\" inputmode=\"{mode}\" autocomplete=\"off\" value=\"{e.Encode(text ?? string.Empty)}\" />";
        }

        html.Append(field.Unit is null ? input : $"<span class=\"with-unit\">{input} <span class=\"unit\">{e.Encode(field.Unit)}</span></span>");
        if (help is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<small id=\"{id}-help\">{e.Encode(help)}</small>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<span class=\"field-error{(errors.Count > 0 ? " field-validation-error" : " field-validation-valid")}\" data-valmsg-for=\"{e.Encode(name)}\" id=\"{id}-error\">{e.Encode(string.Join(" ", errors))}</span>");
        if (warning is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span id=\"{id}-warning\" class=\"field-warning\">{e.Encode(warning)}</span>");
        }

        output.Content.SetHtmlContent(html.ToString());
    }

    /// <summary>The value as a posted form would carry it (what the binder reads back).</summary>
    public static string? FormValue(object? value) => value switch
    {
        null => null,
        decimal d => NumberRange.Format(d),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

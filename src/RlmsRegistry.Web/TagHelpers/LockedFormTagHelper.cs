using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.TagHelpers;

/// <summary>
/// Locked means locked: on a case-report-form page whose form a monitor has locked, the data-entry form
/// (<c>&lt;form class="crf"&gt;</c>) is wrapped in one disabled fieldset, so no field accepts typing and nothing is sent.
/// One rule for every form page, instead of a condition on each input.
/// </summary>
[HtmlTargetElement("form", Attributes = "class")]
public sealed class LockedFormTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var classes = context.AllAttributes["class"]?.Value?.ToString() ?? string.Empty;
        if (ViewContext.ViewData.Model is not CaseFormPage { IsLocked: true } || !classes.Split(' ').Contains("crf"))
        {
            return;
        }

        output.PreContent.AppendHtml("<fieldset class=\"locked-form\" disabled><legend class=\"locked-note\">Locked by a monitor: read only</legend>");
        output.PostContent.AppendHtml("</fieldset>");
    }
}

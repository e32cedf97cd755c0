using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Application.Monitoring;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Web.ViewComponents;

/// <summary>What the monitoring panel of one form shows: its verification, its queries, and the actions the user may take.</summary>
public sealed record FormMonitoringModel(
    FormKind Kind,
    IFormDto Form,
    Guid PatientId,
    FormVerificationDto? Verification,
    IReadOnlyList<DataQueryDto> Queries,
    IReadOnlyList<FormFieldDto> Fields,
    bool ReadOnly,
    string ReturnUrl);

/// <summary>
/// The monitoring panel under a form on the patient page and on the form page: source-data verification, the form's data
/// queries (open, answer, close, re-open) and a link to its field-level history. One read per page (cached per request).
/// </summary>
public sealed class FormMonitoringViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(IFormDto form, Guid patientId, bool readOnly = false)
    {
        var key = "case-monitoring:" + patientId;
        if (HttpContext.Items[key] is not CaseMonitoringDto monitoring)
        {
            monitoring = await sender.Send(new GetCaseMonitoringQuery(patientId), HttpContext.RequestAborted);
            HttpContext.Items[key] = monitoring;
        }

        var kind = form switch
        {
            OperationDto => FormKind.Operation,
            PathologyDto => FormKind.Pathology,
            LabPanelDto => FormKind.LabPanel,
            _ => FormKind.FollowUpEvent,
        };
        return View(new FormMonitoringModel(
            kind, form, patientId, monitoring.Verification.GetValueOrDefault(form.Id), monitoring.QueriesOf(form.Id).ToList(), FormFields.Of(kind),
            readOnly, HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}

/// <summary>Per-centre monitoring counts and worklists (data-quality page), or only the per-centre counts (overview).</summary>
public sealed class MonitoringSummaryViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid? centreId = null, bool countsOnly = false)
    {
        if (!(User.IsInRole("Admin") || User.IsInRole("DataManager") || User.IsInRole("Monitor")))
        {
            return Content(string.Empty);
        }

        var summary = await sender.Send(new GetMonitoringSummaryQuery(centreId), HttpContext.RequestAborted);
        return View((summary, countsOnly));
    }
}

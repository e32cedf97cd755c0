using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.DataQueries;
using RlmsRegistry.Domain.Monitoring;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The data-query worklist and the query actions of the pages (open on a form, answer, close, re-open). Each action
/// returns to the page it came from (a local address only) with what happened, or why it was refused.
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.DataManager},{Roles.Monitor}")]
public sealed class QueriesController(ISender sender) : RegistryController
{
    [HttpGet("/Queries")]
    public async Task<IActionResult> Index(Guid? centreId, QueryStatus? status = QueryStatus.Open, int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        return View(new QueryListViewModel
        {
            Result = await sender.Send(new ListDataQueriesQuery(centreId, status, Page: page, PageSize: 50), ct),
            Centres = await sender.Send(new ListCentresQuery(), ct),
            CentreId = centreId,
            Status = status,
        });
    }

    [HttpPost("/Queries/Open")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Monitor}")]
    public Task<IActionResult> Open(string formKind, Guid formId, string? field, string? text, string? returnUrl, CancellationToken ct) =>
        RunAsync(returnUrl, "Query opened.", () => sender.Send(new OpenDataQueryCommand(FormFields.Parse(formKind) ?? default, formId, field, text), ct));

    [HttpPost("/Queries/{id:guid}/Answer")]
    [Authorize(Roles = Roles.DataManager)]
    public Task<IActionResult> Answer(Guid id, string? text, string? returnUrl, CancellationToken ct) =>
        RunAsync(returnUrl, "Query answered.", () => sender.Send(new AnswerDataQueryCommand(id, text), ct));

    [HttpPost("/Queries/{id:guid}/Close")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Monitor}")]
    public Task<IActionResult> Close(Guid id, string? text, string? returnUrl, CancellationToken ct) =>
        RunAsync(returnUrl, "Query closed.", () => sender.Send(new CloseDataQueryCommand(id, text), ct));

    [HttpPost("/Queries/{id:guid}/Reopen")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Monitor}")]
    public Task<IActionResult> Reopen(Guid id, string? text, string? returnUrl, CancellationToken ct) =>
        RunAsync(returnUrl, "Query re-opened.", () => sender.Send(new ReopenDataQueryCommand(id, text), ct));

    private async Task<IActionResult> RunAsync(string? returnUrl, string done, Func<ValueTask<DataQueryDto>> send)
    {
        var (ok, query) = await TrySendAsync(send);
        Flash(ok ? done : "Not done: " + string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
        {
            return LocalRedirect(returnUrl);
        }

        return Redirect(ok ? $"/Patients/{query!.PatientId}" : "/Queries");
    }
}

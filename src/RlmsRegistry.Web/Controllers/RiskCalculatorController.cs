using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;
using RlmsRegistry.Application.Prediction.Queries.PredictSurvival;
using RlmsRegistry.Web.Infrastructure.Forms;
using RlmsRegistry.Web.Models;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// The risk calculator: a GET form (nothing is stored, so no antiforgery token is needed and the address can be shared)
/// with one input per factor of the cohort's multivariable model in the newest snapshot, and the predicted overall
/// survival for the values entered. Bad values are shown beside their fields.
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Investigator}")]
public sealed class RiskCalculatorController(ISender sender) : RegistryController
{
    [HttpGet("/Dashboards/Cohort/{cohort}/Calculator")]
    public async Task<IActionResult> Index(string cohort, CancellationToken ct)
    {
        if (!DashboardNames.IsCohort(cohort))
        {
            return NotFound();
        }

        var model = new RiskCalculatorViewModel { Cohort = cohort };
        var entries = PredictorEntries.From(Request.Query);
        model.Entered = entries.ToDictionary(e => e.Key, e => e.Value.Text, StringComparer.Ordinal);
        try
        {
            if (PredictorEntries.AnyIn(Request.Query))
            {
                try
                {
                    model.Result = await sender.Send(new PredictSurvivalQuery(cohort, entries), ct);
                    return View("~/Views/RiskCalculator/Index.cshtml", model);
                }
                catch (ValidationException e)
                {
                    foreach (var error in e.Errors)
                    {
                        model.Errors[error.PropertyName] = error.ErrorMessage;
                    }
                }
            }

            model.Result = await sender.Send(new PredictSurvivalQuery(cohort, entries, FormOnly: true), ct);
        }
        catch (NotFoundException e)
        {
            model.Unavailable = e.Message;
        }

        return View("~/Views/RiskCalculator/Index.cshtml", model);
    }
}

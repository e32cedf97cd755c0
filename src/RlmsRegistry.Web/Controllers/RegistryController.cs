using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers;

/// <summary>
/// Base of the data-entry pages: signed-in users only, anti-forgery on every post (global filter),
/// and one way to turn a refused command into messages beside the fields of the redisplayed form.
/// </summary>
[Authorize]
[TypeFilter<MvcExceptionFilter>]
public abstract class RegistryController : Controller
{
    /// <summary>
    /// Runs <paramref name="send"/>; on a validation, rule or concurrency refusal, records the reasons in ModelState
    /// (under <paramref name="prefix"/> + field name) and returns false so the action can redisplay the form.
    /// </summary>
    protected async Task<(bool Ok, T? Value)> TrySendAsync<T>(Func<ValueTask<T>> send, string prefix = "")
    {
        try
        {
            return (true, await send());
        }
        catch (ValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                ModelState.AddModelError(prefix + error.PropertyName, error.ErrorMessage);
            }
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.IsNullOrEmpty(ex.Field) ? string.Empty : prefix + ex.Field, ex.Message);
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            ViewData["ConflictChanges"] = ex.Changes;
        }

        return (false, default);
    }

    protected void Flash(string message) => TempData["Flash"] = message;

    /// <summary>A refusal to show on the next page, in error style (never in the success banner), one line per reason.</summary>
    protected void FlashError(IEnumerable<string> reasons) => TempData["FlashError"] = string.Join('\n', reasons);
}

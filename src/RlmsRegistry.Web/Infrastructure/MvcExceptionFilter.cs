using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using RlmsRegistry.Application.Common.Exceptions;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>
/// For pages: a record that is not found (or belongs to another centre) shows the 404 page, a forbidden request
/// the 403 page, and an anonymous caller is sent to sign in. Field errors are handled by the actions themselves
/// (they redisplay the form), see <see cref="Controllers.RegistryController"/>.
/// </summary>
public sealed class MvcExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        IActionResult? result = context.Exception switch
        {
            NotFoundException => new ViewResult { ViewName = "~/Views/Shared/NotFound.cshtml", StatusCode = StatusCodes.Status404NotFound },
            ForbiddenException => new ViewResult { ViewName = "~/Views/Shared/Forbidden.cshtml", StatusCode = StatusCodes.Status403Forbidden },
            UnauthenticatedException => new ChallengeResult(),
            _ => null,
        };
        if (result is not null)
        {
            context.Result = result;
            context.ExceptionHandled = true;
        }
    }
}

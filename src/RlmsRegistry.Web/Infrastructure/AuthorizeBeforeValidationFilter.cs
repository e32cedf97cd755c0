using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Names the application request an API action sends when its body is not that request itself.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SendsRequestAttribute(Type requestType) : Attribute
{
    public Type RequestType { get; } = requestType;
}

/// <summary>
/// Decides the role rules of the request an action sends before its body is validated: a caller whose role may not
/// send the request gets 403 whatever the body (not 400 listing fields of a form they may not write). Runs before the
/// automatic 400 of <c>[ApiController]</c>; the application pipeline checks the same rules again.
/// </summary>
public sealed class AuthorizeBeforeValidationFilter : IActionFilter, IOrderedFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, AuthorizeRequestAttribute[]> Rules = new();

    /// <summary>Before the model-state filter of <c>[ApiController]</c> (order -2000).</summary>
    public int Order => -3000;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.IsValid || context.ActionDescriptor is not ControllerActionDescriptor action
            || context.HttpContext.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var rules = Rules.GetOrAdd(action.MethodInfo, method =>
        {
            var types = method.GetParameters().Select(p => p.ParameterType)
                .Concat(method.GetCustomAttributes<SendsRequestAttribute>().Select(a => a.RequestType));
            return types.SelectMany(t => t.GetCustomAttributes<AuthorizeRequestAttribute>()).ToArray();
        });
        var user = context.HttpContext.User;
        if (rules.Any(rule => rule.Roles.Count > 0 && !rule.Roles.Any(user.IsInRole)))
        {
            context.Result = ProblemResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", "You do not have permission to do this.");
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}

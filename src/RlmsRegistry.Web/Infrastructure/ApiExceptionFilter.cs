using Microsoft.AspNetCore.Mvc.Filters;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Translates the application's exceptions thrown by API actions into ProblemDetails.</summary>
public sealed class ApiExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (ProblemResults.FromException(context.Exception) is { } result)
        {
            context.Result = result;
            context.ExceptionHandled = true;
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Web.Infrastructure;

namespace RlmsRegistry.Web.Controllers.Api;

/// <summary>
/// Base of the JSON API: bearer tokens only (no cookies, so no cross-site request forgery), camelCase JSON,
/// and ProblemDetails for every refusal.
/// </summary>
[ApiController]
[Authorize(Policy = WebSetup.ApiPolicy)]
[IgnoreAntiforgeryToken]
[TypeFilter<ApiExceptionFilter>]
[Produces("application/json")]
public abstract class ApiControllerBase : ControllerBase;

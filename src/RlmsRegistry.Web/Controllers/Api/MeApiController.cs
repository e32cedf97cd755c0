using Mediator;
using Microsoft.AspNetCore.Mvc;
using RlmsRegistry.Application.Users.Queries.GetCurrentUser;

namespace RlmsRegistry.Web.Controllers.Api;

[Route("api/v1/me")]
public sealed class MeApiController(ISender sender) : ApiControllerBase
{
    /// <summary>The signed-in user's e-mail, roles and centres.</summary>
    [HttpGet]
    public async Task<CurrentUserDto> Get(CancellationToken ct) => await sender.Send(new GetCurrentUserQuery(), ct);
}

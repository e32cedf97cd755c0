using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Exceptions;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>
/// A save that lost a race with another save of the same record (its version moved in between) becomes a
/// <see cref="ConflictException"/>: 409 for the API, a message on the form — never a server error, nothing half-saved.
/// </summary>
public sealed class ConcurrencyBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException("Someone else saved this case at the same moment. Reload it to see their change, then save again.", ex);
        }
    }
}

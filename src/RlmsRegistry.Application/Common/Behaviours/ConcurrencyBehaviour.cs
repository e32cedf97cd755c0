using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>
/// The one translation of a lost race: a save whose record's version moved in between (another save won) becomes a
/// <see cref="ConflictException"/> — 409 for the API, a message on the form — never a server error, nothing half-saved.
/// Handlers just save; they do not catch it themselves.
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
            var what = message is IRecordScoped ? "this case" : "this record";
            throw new ConflictException($"Someone else saved {what} at the same moment. Reload it to see their change, then save again.", ex);
        }
    }
}

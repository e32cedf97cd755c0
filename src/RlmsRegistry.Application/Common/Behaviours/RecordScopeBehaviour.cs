using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>Refuses, as not found, any request about a record of a centre the caller cannot see (see <see cref="IRecordScoped"/>).</summary>
public sealed class RecordScopeBehaviour<TMessage, TResponse>(IRegistryDbContext db, ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IRecordScoped { Record: { } record } && !user.SeesAllCentres)
        {
            var centre = await RecordOwnership.CentreIdAsync(db, record, cancellationToken);
            if (centre is null || !user.CanAccessCentre(centre.Value))
            {
                throw NotFoundException.For(record.Label, record.Id);
            }
        }

        return await next(message, cancellationToken);
    }
}

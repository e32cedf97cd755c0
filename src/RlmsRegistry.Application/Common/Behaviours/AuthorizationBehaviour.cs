using System.Collections.Concurrent;
using System.Reflection;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>
/// Enforces the <see cref="AuthorizeRequestAttribute"/>s declared on a request before anything else runs.
/// Centre scope is not checked here: handlers check it against the record they load (and answer 404).
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly ConcurrentDictionary<Type, (bool Anonymous, AuthorizeRequestAttribute[] Rules)> Cache = new();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var (anonymous, rules) = Cache.GetOrAdd(typeof(TMessage), static t =>
            (t.GetCustomAttribute<AllowAnonymousRequestAttribute>() is not null, t.GetCustomAttributes<AuthorizeRequestAttribute>().ToArray()));

        if (!anonymous && !user.IsInRole(SystemPrincipal.Role))
        {
            if (!user.IsAuthenticated)
            {
                throw new UnauthenticatedException();
            }

            foreach (var rule in rules)
            {
                if (rule.Roles.Count > 0 && !rule.Roles.Any(user.IsInRole))
                {
                    throw new ForbiddenException();
                }
            }
        }

        return next(message, cancellationToken);
    }
}

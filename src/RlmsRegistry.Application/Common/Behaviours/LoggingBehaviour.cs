using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using RlmsRegistry.Application.Common.Abstractions;

namespace RlmsRegistry.Application.Common.Behaviours;

/// <summary>
/// Logs which request ran, for whom, and how long it took. Never logs the request's values:
/// they may be patient data. Slow requests are logged as warnings.
/// </summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser user)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > SlowThreshold)
            {
                logger.LogWarning("Slow request {Request} for user {UserId}: {ElapsedMs} ms", name, user.UserId, (long)elapsed.TotalMilliseconds);
            }
            else
            {
                logger.LogDebug("Handled {Request} for user {UserId} in {ElapsedMs} ms", name, user.UserId, (long)elapsed.TotalMilliseconds);
            }
        }
    }
}

using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace RlmsRegistry.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (<c>LogProvider</c>), set by the last app that configured Hangfire. When that
/// app is disposed while another keeps running in the same process (the test suite; a host restarted in-process), every
/// Hangfire component creating a logger would throw <see cref="ObjectDisposedException"/> — enqueueing included. This
/// provider logs through the app's logger factory and falls silent, instead of failing, once that factory is gone.
/// </summary>
internal sealed class ResilientLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new ResilientLog(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class ResilientLog(ILog inner) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

using Hangfire.Logging;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Hangfire keeps its log provider, and the loggers its classes make from it, in process-wide statics. When a host
/// is disposed while another one lives on in the same process (tests, or a host restarted in place), those loggers
/// point at a disposed logger factory and would throw on the next background-job call. A disposed factory now means
/// "this line is not logged", never a failed request.
/// </summary>
internal sealed class HostBoundLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name) => new SafeLog(_inner, name);

    private sealed class SafeLog(ILogProvider provider, string name) : ILog
    {
        private ILog? _log;

        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _log ??= provider.GetLogger(name);
                return _log.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}

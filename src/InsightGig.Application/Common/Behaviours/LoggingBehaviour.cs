using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Common.Behaviours;

/// <summary>Outermost behaviour: logs each message's name, outcome and duration, and unexpected exceptions (never the message body, which can hold personal data).</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response is Domain.Common.Result { IsFailure: true } failed)
            {
                LogFailure(MessageName, failed.FirstError.Code, elapsedMs);
            }
            else
            {
                LogHandled(MessageName, elapsedMs);
            }

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogUnhandled(ex, MessageName, elapsedMs);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message} handled in {ElapsedMs:0.0} ms")]
    private partial void LogHandled(string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message} answered {ErrorCode} in {ElapsedMs:0.0} ms")]
    private partial void LogFailure(string message, string errorCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message} failed after {ElapsedMs:0.0} ms")]
    private partial void LogUnhandled(Exception exception, string message, double elapsedMs);
}

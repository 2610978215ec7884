using InsightGig.Application.Integrations.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// Reads each person's calendar in its own DI scope (its own database context for the token, its own adapter), all at
/// once, each cut off at the deadline. A failure or a timeout becomes that person's answer, never the others'.
/// </summary>
internal sealed class ParallelFreeBusyReader(IServiceScopeFactory scopes) : IFreeBusyReader
{
    public async Task<IReadOnlyList<FreeBusyAnswer>> ReadAsync(
        IReadOnlyList<FreeBusyAsk> asks, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asks);
        if (asks.Count == 0)
        {
            return [];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        // Every person's connection in one query: the calendars then need no read of their own (constant in the participants).
        IReadOnlyList<AccessTokenSource.ConnectionState> connections;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connections = await scope.ServiceProvider.GetRequiredService<AccessTokenSource>()
                .ReadManyAsync([.. asks.Select(a => a.PersonId).Distinct()], [.. asks.Select(a => a.Provider).Distinct()], cancellationToken);
        }

        return await Task.WhenAll(asks.Select(ask => ReadOneAsync(
            ask, connections.FirstOrDefault(c => c.PersonId == ask.PersonId && c.Provider == ask.Provider), fromUtc, toUtc, timeout.Token, cancellationToken)));
    }

    private async Task<FreeBusyAnswer> ReadOneAsync(
        FreeBusyAsk ask, AccessTokenSource.ConnectionState? connection, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken deadline, CancellationToken requestAborted)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (connection is not null)
        {
            scope.ServiceProvider.GetRequiredService<AccessTokenSource>().Remember(connection);
        }

        var adapter = scope.ServiceProvider.GetServices<ICalendarFreeBusy>().FirstOrDefault(a => a.Provider == ask.Provider);
        if (adapter is null)
        {
            return new FreeBusyAnswer(ask.PersonId, ask.Provider, null, "InsightGig cannot read this calendar's free/busy yet.");
        }

        try
        {
            var busy = await adapter.GetBusyAsync(ask.PersonId, fromUtc, toUtc, deadline);
            return busy.IsSuccess
                ? new FreeBusyAnswer(ask.PersonId, adapter.DisplayName, busy.Value, null)
                : new FreeBusyAnswer(ask.PersonId, adapter.DisplayName, null, busy.Failure!.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            return new FreeBusyAnswer(ask.PersonId, adapter.DisplayName, null, $"{adapter.DisplayName} did not answer in time.");
        }
    }
}

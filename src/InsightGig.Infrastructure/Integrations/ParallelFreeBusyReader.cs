using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// Reads each person's calendar in its own DI scope (its own database context for the token, its own adapter), all at
/// once, each cut off at the deadline. A failure or a timeout becomes that person's answer, never the others'. The
/// connections and the quota permits of every calendar are taken up front in a few commands, so the SQL of a search does
/// not grow with its participants.
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
        var prepaid = new Dictionary<string, IReadOnlyList<ProviderQuota>>(StringComparer.Ordinal);
        await using (var scope = scopes.CreateAsyncScope())
        {
            connections = await scope.ServiceProvider.GetRequiredService<AccessTokenSource>()
                .ReadManyAsync([.. asks.Select(a => a.PersonId).Distinct()], [.. asks.Select(a => a.Provider).Distinct()], cancellationToken);
            // One provider's calendars take their permits together; when they are not all there right now, each call takes
            // its own (and waits or answers as the gate says).
            var gate = scope.ServiceProvider.GetRequiredService<ProviderQuotaGate>();
            foreach (var adapter in scope.ServiceProvider.GetServices<ICalendarFreeBusy>())
            {
                Guid[] people = [.. asks.Where(a => a.Provider == adapter.Provider).Select(a => a.PersonId).Distinct()];
                if (adapter is IQuotaGatedFreeBusy gated && people.Length > 0 && !prepaid.ContainsKey(adapter.Provider)
                    && await gate.TryAcquireForEachAsync(gated.FreeBusyQuotas, people, cancellationToken))
                {
                    prepaid[adapter.Provider] = gated.FreeBusyQuotas;
                }
            }
        }

        return await Task.WhenAll(asks.Select(ask => ReadOneAsync(
            ask, connections.FirstOrDefault(c => c.PersonId == ask.PersonId && c.Provider == ask.Provider), prepaid.GetValueOrDefault(ask.Provider),
            fromUtc, toUtc, timeout.Token, cancellationToken)));
    }

    private async Task<FreeBusyAnswer> ReadOneAsync(
        FreeBusyAsk ask, AccessTokenSource.ConnectionState? connection, IReadOnlyList<ProviderQuota>? prepaidQuotas,
        DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken deadline, CancellationToken requestAborted)
    {
        using var prepaid = prepaidQuotas is null ? null : ProviderQuotaGate.UsePrepaid(prepaidQuotas, ask.PersonId);
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

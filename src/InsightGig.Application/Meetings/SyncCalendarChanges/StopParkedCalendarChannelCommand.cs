using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// The sweep parked this calendar (no longer one to read back) while it had a push channel open: the channel is forgotten
/// and stopped at the calendar, so the calendar stops announcing changes nobody reads. Queued by
/// <see cref="ClaimDueCalendarSyncsCommand"/> after the parking committed; safe to run twice or late: only a calendar still
/// parked with that channel loses it, and a calendar woken meanwhile keeps its channel. When the calendar wakes, its next
/// sync opens a new channel (<see cref="WatchCalendarCommand"/>), as for a calendar read for the first time.
/// </summary>
public sealed record StopParkedCalendarChannelCommand(Guid ConnectionId) : ICommand<ParkedChannelStop>;

public enum ParkedChannelStop
{
    /// <summary>Not parked, or no channel (already stopped, or never opened): nothing done.</summary>
    NothingToStop,
    /// <summary>Forgotten here and stopped at the calendar.</summary>
    Stopped,
    /// <summary>Forgotten here; the calendar refused or did not answer (or the connection is gone), so the channel runs until it expires, its notifications ignored.</summary>
    LeftToExpire,
}

internal sealed partial class StopParkedCalendarChannelHandler(
    IApplicationDbContext db,
    IEnumerable<ICalendarProvider> calendars,
    ILogger<StopParkedCalendarChannelHandler> logger) : ICommandHandler<StopParkedCalendarChannelCommand, ParkedChannelStop>
{
    public async ValueTask<ParkedChannelStop> Handle(StopParkedCalendarChannelCommand command, CancellationToken cancellationToken)
    {
        var parked = await db.CalendarSyncStates.AsNoTracking()
            .Where(s => s.ConnectionId == command.ConnectionId && s.Parked && s.ChannelId != null)
            .Select(s => new { s.Id, s.PersonId, ChannelId = s.ChannelId!, s.ChannelResourceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (parked is null)
        {
            return ParkedChannelStop.NothingToStop;
        }

        // CalendarSyncState.ChannelClosed as one conditional UPDATE, before the call: a change that woke the calendar since
        // (its next sync may already rely on the channel) makes this take nothing, and the channel stays; once forgotten,
        // the calendar's next sync opens a new one, whatever the call below answers.
        var forgotten = await db.CalendarSyncStates
            .Where(s => s.Id == parked.Id && s.Parked && s.ChannelId == parked.ChannelId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ChannelId, (string?)null)
                .SetProperty(s => s.ChannelResourceId, (string?)null)
                .SetProperty(s => s.ChannelTokenHash, (string?)null)
                .SetProperty(s => s.ChannelExpiresAtUtc, (DateTimeOffset?)null), cancellationToken);
        if (forgotten == 0)
        {
            return ParkedChannelStop.NothingToStop;
        }

        var connection = await db.ProviderConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active } || parked.ChannelResourceId is null)
        {
            // No token to stop it with: it expires on its own (a week at most), its notifications ignored meanwhile.
            LogNoActiveConnection(parked.PersonId);
            return ParkedChannelStop.LeftToExpire;
        }

        var stopped = await InviteCalendars.AdapterFor(calendars, connection)
            .StopWatchingAsync(parked.PersonId, parked.ChannelId, parked.ChannelResourceId, cancellationToken);
        if (!stopped.IsSuccess)
        {
            LogStopFailed(parked.PersonId, stopped.Failure!.Kind);
            return ParkedChannelStop.LeftToExpire;
        }

        LogStopped(parked.PersonId);
        return ParkedChannelStop.Stopped;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Push channel of the parked calendar of {PersonId} stopped")]
    private partial void LogStopped(Guid personId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push channel of the parked calendar of {PersonId} not stopped ({Kind}); it will expire on its own")]
    private partial void LogStopFailed(Guid personId, ProviderFailureKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push channel of the parked calendar of {PersonId} not stopped (its connection is not active); it will expire on its own")]
    private partial void LogNoActiveConnection(Guid personId);
}

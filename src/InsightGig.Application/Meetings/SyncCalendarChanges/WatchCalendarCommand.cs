using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// Keeps a push channel open on one of the organizer's calendars (each has its own), so that a change there is announced at
/// <c>{<paramref name="WebhooksRoot"/>}/{calendar's provider key}</c> (e.g. <c>POST /webhooks/google</c>, each unit maps its
/// own) instead of waiting for the next sweep: opens one when there is none or it expires within
/// <see cref="WatchCalendarHandler.RenewBefore"/>, then stops the old one. Sent after a sync when a public base URL is configured.
/// </summary>
/// <param name="ConnectionId">The calendar connection watched, as in <see cref="SyncCalendarChangesCommand.ConnectionId"/> (null: the invite calendar).</param>
public sealed record WatchCalendarCommand(Guid OrganizerId, Uri WebhooksRoot, Guid? ConnectionId = null) : ICommand<CalendarWatchReport>;

public enum CalendarWatchStatus
{
    /// <summary>A channel is open and not about to expire: nothing to do.</summary>
    Open,
    /// <summary>A new channel was opened (the old one, if any, stopped).</summary>
    Opened,
    NotConnected,
    /// <summary>The calendar refused or did not answer; the next sync tries again.</summary>
    Failed,
}

public sealed record CalendarWatchReport(CalendarWatchStatus Status, string? ChannelId = null, DateTimeOffset? ExpiresAtUtc = null, string? Problem = null);

internal sealed partial class WatchCalendarHandler(
    IApplicationDbContext db,
    IEnumerable<ICalendarProvider> calendars,
    ProviderCatalog catalog,
    CalendarSyncSettings settings,
    TimeProvider clock,
    ILogger<WatchCalendarHandler> logger) : ICommandHandler<WatchCalendarCommand, CalendarWatchReport>
{
    /// <summary>A channel is replaced this long before it expires, so there is no gap between two.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    /// <summary>The lifetime asked for (Calendar's default is a week).</summary>
    public static readonly TimeSpan ChannelLifetime = TimeSpan.FromDays(7);

    public async ValueTask<CalendarWatchReport> Handle(WatchCalendarCommand command, CancellationToken cancellationToken)
    {
        var (connection, _) = await CalendarsReadBack.LoadAsync(db, catalog, command.OrganizerId, command.ConnectionId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active })
        {
            return new CalendarWatchReport(CalendarWatchStatus.NotConnected);
        }

        var calendar = InviteCalendars.AdapterFor(calendars, connection);

        var state = await db.CalendarSyncStates.FirstOrDefaultAsync(s => s.ConnectionId == connection.Id, cancellationToken);
        if (state is null)
        {
            state = CalendarSyncState.Start(Guid.NewGuid(), connection.Id, connection.PersonId, connection.AccountEmail, clock.GetUtcNow());
            db.CalendarSyncStates.Add(state);
        }

        var now = clock.GetUtcNow();
        if (!state.ChannelNeedsRenewal(RenewBefore, now))
        {
            return new CalendarWatchReport(CalendarWatchStatus.Open, state.ChannelId, state.ChannelExpiresAtUtc);
        }

        var token = CalendarChannelTokens.New();
        var address = new Uri(command.WebhooksRoot.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(calendar.Provider));
        var request = new CalendarChannelRequest(Guid.NewGuid().ToString("N"), address, token, now + ChannelLifetime);
        var watched = await calendar.WatchChangesAsync(command.OrganizerId, request, cancellationToken);
        if (!watched.IsSuccess)
        {
            LogWatchFailed(command.OrganizerId, watched.Failure!.Kind);
            return new CalendarWatchReport(CalendarWatchStatus.Failed, Problem: watched.Failure.Message);
        }

        var (oldChannelId, oldResourceId) = (state.ChannelId, state.ChannelResourceId);
        var channel = watched.Value!;
        state.ChannelOpened(channel.ChannelId, channel.ResourceId, CalendarChannelTokens.Hash(token), channel.ExpiresAtUtc, now, settings.Cadence);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sync stored this calendar's state first: this channel is not known here, so close it again.
            await calendar.StopWatchingAsync(command.OrganizerId, channel.ChannelId, channel.ResourceId, cancellationToken);
            return new CalendarWatchReport(CalendarWatchStatus.Failed, Problem: "Another sync of this calendar ran at the same time.");
        }

        if (oldChannelId is not null && oldResourceId is not null)
        {
            // Best effort: a channel not stopped simply expires, and its notifications are ignored here meanwhile.
            var stopped = await calendar.StopWatchingAsync(command.OrganizerId, oldChannelId, oldResourceId, cancellationToken);
            if (!stopped.IsSuccess)
            {
                LogStopFailed(command.OrganizerId, stopped.Failure!.Kind);
            }
        }

        LogOpened(command.OrganizerId, channel.ExpiresAtUtc);
        return new CalendarWatchReport(CalendarWatchStatus.Opened, channel.ChannelId, channel.ExpiresAtUtc);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Push channel on the calendar of organizer {OrganizerId} opened until {ExpiresAtUtc:u}")]
    private partial void LogOpened(Guid organizerId, DateTimeOffset expiresAtUtc);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening a push channel on the calendar of organizer {OrganizerId} failed ({Kind}); the sweep keeps syncing")]
    private partial void LogWatchFailed(Guid organizerId, ProviderFailureKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the old push channel of organizer {OrganizerId} failed ({Kind}); it will expire on its own")]
    private partial void LogStopFailed(Guid organizerId, ProviderFailureKind kind);
}

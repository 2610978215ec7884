using InsightGig.Domain.Common;

namespace InsightGig.Domain.Integrations;

/// <summary>
/// How far InsightGig has read the changes of one person's connected calendar (one calendar connection): the sync token
/// to continue from, when it last read them, and the push channel through which the calendar announces new changes.
/// Holds no event data: events that are not InsightGig's are never stored.
/// </summary>
public sealed class CalendarSyncState : Entity
{
    public const int SyncTokenMaxLength = 2048;
    public const int ChannelIdMaxLength = 64;

    private CalendarSyncState()
    {
    }

    private CalendarSyncState(Guid id, Guid connectionId, Guid personId, string accountEmail, DateTimeOffset dueAtUtc) : base(id)
    {
        ConnectionId = connectionId;
        PersonId = personId;
        AccountEmail = accountEmail;
        NextSyncDueAtUtc = dueAtUtc;
    }

    /// <summary>The <see cref="ProviderConnection"/> whose calendar this is.</summary>
    public Guid ConnectionId { get; private set; }

    public Guid PersonId { get; private set; }

    /// <summary>The calendar account the token belongs to; a connection relinked to another account starts over.</summary>
    public string AccountEmail { get; private set; } = string.Empty;

    /// <summary>Where the next incremental sync continues; null until the first full sync, and after the calendar expired it.</summary>
    public string? SyncToken { get; private set; }

    public DateTimeOffset? LastSyncedAtUtc { get; private set; }

    public DateTimeOffset? LastFullSyncAtUtc { get; private set; }

    /// <summary>When the sweep should read this calendar next; the sweep takes due calendars earliest first, so none is starved.</summary>
    public DateTimeOffset NextSyncDueAtUtc { get; private set; }

    /// <summary>
    /// Not one to read back any more (no live meeting on it, or its connection gone): the sweep skips it until a change that
    /// may make it one again wakes it (<see cref="Wake"/>). Parked by the sweep, which finds it due and not eligible.
    /// </summary>
    public bool Parked { get; private set; }

    /// <summary>
    /// Raised by every change that may make this calendar one to read back (a meeting scheduled or moved, the connection
    /// linked again or chosen for invites). The sweep parks a calendar only if this has not moved since it found the
    /// calendar idle, so a meeting committed meanwhile cannot leave it parked.
    /// </summary>
    public int WakeCount { get; private set; }

    /// <summary>The current polling interval without push: the minimum after a change, doubling while the calendar stays idle.</summary>
    public TimeSpan PollInterval { get; private set; }

    /// <summary>
    /// A sync of this calendar is queued or running until then (set by the sweep or a notification with a conditional
    /// UPDATE, so across app instances one holds it); a holder that died simply lets it run out.
    /// </summary>
    public DateTimeOffset? SyncClaimedUntilUtc { get; private set; }

    /// <summary>Which sweep claimed the calendar (to read back the rows one conditional UPDATE claimed).</summary>
    public Guid? SyncClaimToken { get; private set; }

    /// <summary>A notification came while a sync was running: exactly one more sync follows it.</summary>
    public bool FollowUpRequested { get; private set; }

    /// <summary>Why the last sync did not complete, for operators; cleared by the next one that does.</summary>
    public string? LastError { get; private set; }

    /// <summary>The push channel's id (ours, a UUID), while one is open.</summary>
    public string? ChannelId { get; private set; }

    /// <summary>The calendar's id of the watched resource, needed to stop the channel.</summary>
    public string? ChannelResourceId { get; private set; }

    /// <summary>A hash of the secret token the calendar echoes with every notification (never the token itself).</summary>
    public string? ChannelTokenHash { get; private set; }

    public DateTimeOffset? ChannelExpiresAtUtc { get; private set; }

    /// <summary>A calendar not read yet: due at <paramref name="dueAtUtc"/> (now, or when it was connected: it waited longest).</summary>
    public static CalendarSyncState Start(Guid id, Guid connectionId, Guid personId, string accountEmail, DateTimeOffset dueAtUtc) =>
        new(id, Guard.NotEmpty(connectionId, nameof(connectionId)), Guard.NotEmpty(personId, nameof(personId)), Guard.Email(accountEmail, nameof(accountEmail)), dueAtUtc);

    /// <summary>
    /// Something changed that may make this calendar one to read back: a parked calendar is due now again (the sweep decides
    /// whether it is one to read); one not parked keeps its due time. Either way <see cref="WakeCount"/> moves on.
    /// </summary>
    public void Wake(DateTimeOffset nowUtc)
    {
        WakeCount++;
        if (Parked)
        {
            Parked = false;
            NextSyncDueAtUtc = nowUtc < NextSyncDueAtUtc ? nowUtc : NextSyncDueAtUtc;
        }
    }

    /// <summary>The token to continue from for <paramref name="accountEmail"/>'s calendar; null when a full sync is due.</summary>
    public string? TokenFor(string accountEmail) =>
        string.Equals(accountEmail, AccountEmail, StringComparison.OrdinalIgnoreCase) ? SyncToken : null;

    /// <summary>The calendar no longer knows the token (Calendar's 410): the next listing is a full one.</summary>
    public void TokenExpired() => SyncToken = null;

    /// <summary>
    /// Every change up to <paramref name="nextSyncToken"/> was applied and saved with this. While a push channel is live
    /// (notifications bring changes sooner) the next sync is the calendar's next safety read, at its phase at least a safety
    /// interval on (<see cref="CalendarSyncCadence.NextSafetyReadAfter"/>, counted by <see cref="SafetyIntervalCountsFrom"/>);
    /// otherwise it is due after the polling interval, which is back at its minimum after <paramref name="sawChanges"/> and
    /// doubles (up to its maximum) while idle.
    /// </summary>
    public void Synced(string accountEmail, string nextSyncToken, bool fullSync, bool sawChanges, DateTimeOffset nowUtc, CalendarSyncCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        AccountEmail = Guard.Email(accountEmail, nameof(accountEmail));
        SyncToken = Guard.NotBlank(nextSyncToken, SyncTokenMaxLength, nameof(nextSyncToken));
        LastSyncedAtUtc = nowUtc;
        if (fullSync)
        {
            LastFullSyncAtUtc = nowUtc;
        }

        LastError = null;
        PollInterval = sawChanges || PollInterval < cadence.MinPollInterval
            ? cadence.MinPollInterval
            : TimeSpan.FromTicks(Math.Min(PollInterval.Ticks * 2, cadence.MaxPollInterval.Ticks));
        NextSyncDueAtUtc = IsLiveChannelAt(nowUtc + cadence.SafetyInterval)
            ? cadence.NextSafetyReadAfter(Id, SafetyIntervalCountsFrom(nowUtc, cadence))
            : nowUtc + PollInterval;
    }

    /// <summary>
    /// Where the interval to the next safety read starts for a read at <paramref name="nowUtc"/>: a read that was due counts
    /// from its due time when it ran within <see cref="CalendarSyncCadence.SafetyReadGrace"/> of it, so a calendar the sweep
    /// reads a little late stays on its phase instead of slipping a whole interval; any other read (one a notification
    /// brought before it was due, or one long overdue) counts from when it ran.
    /// </summary>
    private DateTimeOffset SafetyIntervalCountsFrom(DateTimeOffset nowUtc, CalendarSyncCadence cadence)
    {
        if (nowUtc < NextSyncDueAtUtc)
        {
            return nowUtc;
        }

        var withinGrace = nowUtc - cadence.SafetyReadGrace;
        return NextSyncDueAtUtc > withinGrace ? NextSyncDueAtUtc : withinGrace;
    }

    /// <summary>The sync did not complete: tried again after <paramref name="retryAfter"/>, never sooner than the minimum interval.</summary>
    public void Failed(string reason, DateTimeOffset nowUtc, TimeSpan? retryAfter, CalendarSyncCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        LastError = Guard.Optional(reason, 500, nameof(reason));
        NextSyncDueAtUtc = nowUtc + (retryAfter is { } wait && wait > cadence.MinPollInterval ? wait : cadence.MinPollInterval);
    }

    public bool HasChannel => ChannelId is not null;

    /// <summary>True when there is no channel, or it expires within <paramref name="window"/>: time to open a new one.</summary>
    public bool ChannelNeedsRenewal(TimeSpan window, DateTimeOffset nowUtc) =>
        ChannelId is null || ChannelExpiresAtUtc is null || ChannelExpiresAtUtc.Value - nowUtc <= window;

    /// <summary>
    /// A push channel is open: from now on the sweep only reads this calendar as a safety net, the first time at its phase
    /// a safety interval on. A channel replacing one still live for that long changes nothing: the last sync already set
    /// the next safety read.
    /// </summary>
    public void ChannelOpened(string channelId, string resourceId, string tokenHash, DateTimeOffset expiresAtUtc, DateTimeOffset nowUtc, CalendarSyncCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        var wasSafetyNet = IsLiveChannelAt(nowUtc + cadence.SafetyInterval);
        ChannelId = Guard.NotBlank(channelId, ChannelIdMaxLength, nameof(channelId));
        ChannelResourceId = Guard.NotBlank(resourceId, 500, nameof(resourceId));
        ChannelTokenHash = Guard.NotBlank(tokenHash, 200, nameof(tokenHash));
        ChannelExpiresAtUtc = expiresAtUtc;
        if (!wasSafetyNet && IsLiveChannelAt(nowUtc + cadence.SafetyInterval))
        {
            NextSyncDueAtUtc = cadence.NextSafetyReadAfter(Id, nowUtc);
        }
    }

    public void ChannelClosed()
    {
        ChannelId = null;
        ChannelResourceId = null;
        ChannelTokenHash = null;
        ChannelExpiresAtUtc = null;
    }

    private bool IsLiveChannelAt(DateTimeOffset atUtc) => ChannelId is not null && ChannelExpiresAtUtc is { } expires && expires > atUtc;

    /// <summary>Whether a notification names this state's open, unexpired channel (the token hash is checked by the caller).</summary>
    public bool IsLiveChannel(string channelId, DateTimeOffset nowUtc) =>
        ChannelId is not null && string.Equals(ChannelId, channelId, StringComparison.Ordinal)
        && ChannelExpiresAtUtc is { } expires && expires > nowUtc;
}

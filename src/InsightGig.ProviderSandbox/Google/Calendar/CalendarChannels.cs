using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>A push channel opened by <c>events.watch</c> on one calendar. Guarded by the registry's lock.</summary>
internal sealed class CalendarChannel
{
    public required string Id { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceUri { get; init; }
    public required string CalendarId { get; init; }
    public required string OwnerSub { get; init; }
    public required Uri Address { get; init; }
    public string? Token { get; init; }
    public required DateTimeOffset Expiration { get; init; }
    public bool Stopped { get; set; }
    public long MessageNumber { get; set; }
    public List<CalendarNotificationInfo> Notifications { get; } = [];
}

/// <summary>
/// Push channels and their notifications, as Calendar sends them: a <c>sync</c> message when a channel opens, then an
/// <c>exists</c> message after every change to the watched calendar, POSTed to the channel's address with the
/// <c>X-Goog-Channel-*</c> and <c>X-Goog-Resource-*</c> headers and no body. Expired or stopped channels send nothing.
/// Deliveries run in the background; what was sent (and the answer) is kept per channel.
/// </summary>
internal sealed class CalendarChannelRegistry(TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Lock _gate = new();
    private readonly List<CalendarChannel> _channels = [];
    private readonly List<Task> _deliveries = [];

    /// <summary>The stable id Calendar gives a watched resource (here: a calendar's events).</summary>
    public static string ResourceIdOf(string calendarId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("events:" + calendarId.ToUpperInvariant())).AsSpan(0, 18));

    public (CalendarChannel? Channel, GoogleApiError? Error) Open(
        string calendarId, string ownerSub, string id, Uri address, string? token, DateTimeOffset? requestedExpiration, string resourceUri)
    {
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset expiration = requestedExpiration is { } asked && asked > now
            ? (asked - now > MaxLifetime ? now + MaxLifetime : asked)
            : now + DefaultLifetime;
        lock (_gate)
        {
            if (_channels.Exists(c => c.Id == id))
            {
                return (null, GoogleErrors.BadRequest($"Channel id {id} not unique", "channelIdNotUnique"));
            }

            var channel = new CalendarChannel
            {
                Id = id,
                ResourceId = ResourceIdOf(calendarId),
                ResourceUri = resourceUri,
                CalendarId = calendarId,
                OwnerSub = ownerSub,
                Address = address,
                Token = token,
                Expiration = expiration,
            };
            _channels.Add(channel);
            Notify(channel, "sync", now);
            return (channel, null);
        }
    }

    /// <summary>channels.stop: only the account that opened the channel can stop it, naming its resource id too.</summary>
    public bool Stop(string ownerSub, string id, string? resourceId)
    {
        lock (_gate)
        {
            CalendarChannel? channel = _channels.Find(c => c.Id == id && c.OwnerSub == ownerSub && !c.Stopped && (resourceId is null || c.ResourceId == resourceId));
            if (channel is null)
            {
                return false;
            }

            channel.Stopped = true;
            return true;
        }
    }

    /// <summary>A calendar changed: every live channel on it gets an <c>exists</c> message.</summary>
    public void CalendarChanged(string calendarId)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (CalendarChannel channel in _channels.Where(c => c.CalendarId == calendarId && !c.Stopped && c.Expiration > now))
            {
                Notify(channel, "exists", now);
            }
        }
    }

    public IReadOnlyList<CalendarChannelInfo> Describe()
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            return [.. _channels.Select(c => new CalendarChannelInfo(
                c.Id, c.CalendarId, c.ResourceId, c.Address, c.Token, c.Expiration, c.Stopped, c.Expiration <= now, [.. c.Notifications]))];
        }
    }

    /// <summary>Waits for the deliveries started so far (tests use it before looking at what arrived).</summary>
    public Task DeliveredAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _deliveries]);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _channels.Clear();
        }
    }

    private void Notify(CalendarChannel channel, string state, DateTimeOffset now)
    {
        var notification = new CalendarNotificationInfo(++channel.MessageNumber, state, now);
        channel.Notifications.Add(notification);
        _deliveries.RemoveAll(t => t.IsCompleted);
        _deliveries.Add(Task.Run(() => DeliverAsync(channel, notification)));
    }

    private async Task DeliverAsync(CalendarChannel channel, CalendarNotificationInfo notification)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Address) { Content = new ByteArrayContent([]) };
        request.Headers.Add("X-Goog-Channel-ID", channel.Id);
        if (channel.Token is not null)
        {
            request.Headers.Add("X-Goog-Channel-Token", channel.Token);
        }

        request.Headers.Add("X-Goog-Channel-Expiration", channel.Expiration.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("X-Goog-Resource-ID", channel.ResourceId);
        request.Headers.Add("X-Goog-Resource-URI", channel.ResourceUri);
        request.Headers.Add("X-Goog-Resource-State", notification.State);
        request.Headers.Add("X-Goog-Message-Number", notification.MessageNumber.ToString(CultureInfo.InvariantCulture));
        int status = await OutboundPost.StatusOfAsync(Http, request);

        lock (_gate)
        {
            int index = channel.Notifications.IndexOf(notification);
            if (index >= 0)
            {
                channel.Notifications[index] = notification with { DeliveryStatus = status };
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Meetings of all users. A host only ever reaches its own meetings.</summary>
internal sealed class ZoomMeetingStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ZoomMeeting> _meetings = [];
    private readonly ConcurrentDictionary<string, ListPosition> _pageTokens = new(StringComparer.Ordinal);

    public ZoomMeetingResource Create(ZoomUser host, ZoomMeetingChanges changes, string sandboxRoot)
    {
        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            long id;
            do
            {
                id = SecureRandomText.Int64(80_000_000_000, 99_999_999_999); // 11 digits: more than an int32 holds
            }
            while (_meetings.ContainsKey(id));

            int type = changes.Type ?? 2;
            var meeting = new ZoomMeeting
            {
                Id = id,
                Uuid = SecureRandomText.Token(16).Replace('_', '+').Replace('-', '/') + "==",
                HostId = host.Id,
                HostEmail = host.Email,
                CreatedAt = now,
                SandboxRoot = sandboxRoot,
                Topic = "Zoom Meeting",
                Type = type,
                Password = SecureRandomText.PasscodeText(6),
                JoinToken = SecureRandomText.Token(24),
                StartToken = SecureRandomText.Token(32),
                H323Password = SecureRandomText.Int64(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
                Settings = ZoomMeeting.DefaultSettings(), // the request's settings are applied on top
                StartTime = type is 3 ? null : TruncateToSeconds(now),
                Timezone = type is 1 ? null : host.Timezone,
            };
            meeting.Apply(changes);
            _meetings[id] = meeting;
            return meeting.ToResource();
        }
    }

    /// <summary>The meeting when it exists, is not deleted and belongs to <paramref name="hostId"/>.</summary>
    public ZoomMeetingResource? Get(long id, string hostId)
    {
        lock (_gate)
        {
            return Owned(id, hostId)?.ToResource();
        }
    }

    /// <summary>Any live meeting, for the join page a person clicks.</summary>
    public ZoomMeetingResource? GetForJoinPage(long id)
    {
        lock (_gate)
        {
            return _meetings.TryGetValue(id, out ZoomMeeting? meeting) && !meeting.Deleted ? meeting.ToResource() : null;
        }
    }

    public bool Update(long id, string hostId, ZoomMeetingChanges changes)
    {
        lock (_gate)
        {
            ZoomMeeting? meeting = Owned(id, hostId);
            meeting?.Apply(changes);
            return meeting is not null;
        }
    }

    public bool Delete(long id, string hostId)
    {
        lock (_gate)
        {
            ZoomMeeting? meeting = Owned(id, hostId);
            if (meeting is not null)
            {
                meeting.Deleted = true;
            }

            return meeting is not null;
        }
    }

    /// <summary>One page of a host's meetings, ordered by start time. A null result means the page token is unknown.</summary>
    public ZoomMeetingList? List(string hostId, string type, int pageSize, string? nextPageToken)
    {
        int offset = 0;
        if (!string.IsNullOrEmpty(nextPageToken))
        {
            if (!_pageTokens.TryGetValue(nextPageToken, out ListPosition? position) || position.HostId != hostId || position.Type != type)
            {
                return null;
            }

            offset = position.Offset;
        }

        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ZoomMeeting[] matching = [.. _meetings.Values
                .Where(m => m.HostId == hostId && !m.Deleted && MatchesType(m, type, now))
                .OrderBy(m => m.StartTime ?? m.CreatedAt)
                .ThenBy(m => m.Id)];
            ZoomMeetingListItem[] page = [.. matching.Skip(offset).Take(pageSize).Select(m => m.ToListItem())];
            string next = string.Empty;
            if (offset + page.Length < matching.Length)
            {
                next = SecureRandomText.Token(24);
                _pageTokens[next] = new ListPosition(hostId, type, offset + page.Length);
            }

            return new ZoomMeetingList(pageSize, matching.Length, next, page);
        }
    }

    public IReadOnlyList<ZoomMeetingInfo> Describe()
    {
        lock (_gate)
        {
            return [.. _meetings.Values.OrderBy(m => m.CreatedAt).Select(m => m.Describe())];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _meetings.Clear();
            _pageTokens.Clear();
        }
    }

    private ZoomMeeting? Owned(long id, string hostId) =>
        _meetings.TryGetValue(id, out ZoomMeeting? meeting) && !meeting.Deleted && meeting.HostId == hostId ? meeting : null;

    /// <summary>"scheduled" lists everything; "upcoming" what has not started; "live" nothing, as sandbox meetings never start.</summary>
    private static bool MatchesType(ZoomMeeting meeting, string type, DateTimeOffset now) => type switch
    {
        "upcoming" or "upcoming_meetings" => meeting.StartTime is null || meeting.StartTime >= now,
        "previous_meetings" => meeting.StartTime < now,
        "live" => false,
        _ => true,
    };

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);

    private sealed record ListPosition(string HostId, string Type, int Offset);
}

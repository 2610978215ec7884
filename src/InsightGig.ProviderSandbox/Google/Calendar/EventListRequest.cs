using System.Collections.Concurrent;
using System.Globalization;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>The filters of a full events.list (an incremental one, with a syncToken, takes none of them).</summary>
internal sealed record EventListFilter(
    DateTimeOffset? TimeMin,
    DateTimeOffset? TimeMax,
    DateTimeOffset? UpdatedMin,
    bool ShowDeleted,
    string? OrderBy,
    string? Query,
    string? ICalUid);

internal sealed record EventListRequest(EventListFilter Filter, int MaxResults, string? PageToken, string? SyncToken);

/// <summary>Reads events.list query parameters with the Calendar API's limits (maxResults 1..2500, default 250).</summary>
internal static class EventListRequestReader
{
    private static readonly string[] NotWithSyncToken = ["iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"];

    public static (EventListRequest? Request, GoogleApiError? Error) Read(IQueryCollection query)
    {
        string? syncToken = NonEmpty(query["syncToken"]);
        if (syncToken is not null && NotWithSyncToken.FirstOrDefault(query.ContainsKey) is { } conflicting)
        {
            return (null, GoogleErrors.BadRequest($"The syncToken parameter cannot be combined with {conflicting}."));
        }

        int maxResults = 250;
        if (NonEmpty(query["maxResults"]) is { } maxText)
        {
            if (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxResults) || maxResults < 1)
            {
                return (null, GoogleErrors.BadRequest($"Invalid value '{maxText}'. Values must be within the range: [1, 2500]"));
            }

            maxResults = Math.Min(maxResults, 2500); // Google never pages more than 2500
        }

        if (!TryTimestamp(query, "timeMin", out DateTimeOffset? timeMin, out GoogleApiError? error)
            || !TryTimestamp(query, "timeMax", out DateTimeOffset? timeMax, out error)
            || !TryTimestamp(query, "updatedMin", out DateTimeOffset? updatedMin, out error)
            || !TryBoolean(query, "showDeleted", out bool showDeleted, out error)
            || !TryBoolean(query, "singleEvents", out bool singleEvents, out error))
        {
            return (null, error);
        }

        if (timeMin is not null && timeMax is not null && timeMax <= timeMin)
        {
            return (null, GoogleErrors.BadRequest("The specified time range is empty.", "timeRangeEmpty"));
        }

        string? orderBy = NonEmpty(query["orderBy"]);
        if (orderBy is not (null or "startTime" or "updated"))
        {
            return (null, GoogleErrors.BadRequest($"Invalid value for: orderBy"));
        }

        if (orderBy == "startTime" && !singleEvents)
        {
            return (null, GoogleErrors.BadRequest("The requested ordering is not available for the particular query.", "badRequest"));
        }

        var filter = new EventListFilter(timeMin, timeMax, updatedMin, showDeleted, orderBy, NonEmpty(query["q"]), NonEmpty(query["iCalUID"]));
        return (new EventListRequest(filter, maxResults, NonEmpty(query["pageToken"]), syncToken), null);
    }

    private static bool TryTimestamp(IQueryCollection query, string name, out DateTimeOffset? value, out GoogleApiError? error)
    {
        value = null;
        error = null;
        if (NonEmpty(query[name]) is not { } text)
        {
            return true;
        }

        value = EventTimeReader.ParseQueryTimestamp(text);
        error = value is null ? GoogleErrors.BadRequest("Bad Request", "badRequest") : null;
        return value is not null;
    }

    private static bool TryBoolean(IQueryCollection query, string name, out bool value, out GoogleApiError? error)
    {
        value = false;
        error = null;
        if (NonEmpty(query[name]) is not { } text)
        {
            return true;
        }

        if (bool.TryParse(text, out value))
        {
            return true;
        }

        error = GoogleErrors.BadRequest($"Invalid value for: {name}");
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>Where a paged listing is: its calendar, filter, offset, the calendar version it started at, and for incremental listings the version it continues from.</summary>
internal sealed record EventListCursor(string CalendarId, EventListFilter Filter, int Offset, long SnapshotVersion, long? SinceVersion);

/// <summary>Opaque page tokens and sync tokens. Sync tokens can be expired all at once (then lists answer 410 fullSyncRequired).</summary>
internal sealed class EventListCursors
{
    private readonly ConcurrentDictionary<string, EventListCursor> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string CalendarId, long Version)> _syncPoints = new(StringComparer.Ordinal);

    public string SavePage(EventListCursor cursor)
    {
        string token = SecureRandomText.Token(24);
        _pages[token] = cursor;
        return token;
    }

    public EventListCursor? FindPage(string token) => _pages.GetValueOrDefault(token);

    public string SaveSyncPoint(string calendarId, long version)
    {
        string token = SecureRandomText.Token(24);
        _syncPoints[token] = (calendarId, version);
        return token;
    }

    public long? FindSyncPoint(string token, string calendarId) =>
        _syncPoints.TryGetValue(token, out (string CalendarId, long Version) point) && point.CalendarId == calendarId ? point.Version : null;

    public int ExpireSyncTokens()
    {
        int count = _syncPoints.Count;
        _syncPoints.Clear();
        foreach (KeyValuePair<string, EventListCursor> page in _pages.Where(page => page.Value.SinceVersion is not null))
        {
            _pages.TryRemove(page.Key, out _);
        }

        return count;
    }

    public void Clear()
    {
        _pages.Clear();
        _syncPoints.Clear();
    }
}

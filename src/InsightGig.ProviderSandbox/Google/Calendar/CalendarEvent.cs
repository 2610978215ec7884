using System.Globalization;
using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>A Meet conference made by a createRequest; it is "pending" until <see cref="ReadyAt"/>.</summary>
internal sealed class MeetConference(string requestId, string meetingCode, DateTimeOffset readyAt)
{
    public string RequestId { get; } = requestId;
    public string MeetingCode { get; } = meetingCode;
    public DateTimeOffset ReadyAt { get; } = readyAt;
    public bool Ready { get; set; }
    public string Uri => "https://meet.google.com/" + MeetingCode;
}

/// <summary>A stored event: the client-writable fields as JSON plus what the server keeps. Guarded by its calendar's lock.</summary>
internal sealed class CalendarEvent
{
    public required string Id { get; init; }

    /// <summary>The UID an .ics export of the event carries: Google's is the event id at google.com.</summary>
    public string ICalUid => Id + "@google.com";
    public required string CalendarId { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string HtmlLink { get; init; }
    public required JsonObject Fields { get; set; }
    public required EventTime Start { get; set; }
    public required EventTime End { get; set; }
    public string Status { get; set; } = "confirmed";
    public DateTimeOffset Updated { get; private set; }
    public int Sequence { get; set; }
    public long Version { get; private set; }
    public string ETag { get; private set; } = string.Empty;
    public MeetConference? Conference { get; set; }
    public JsonObject? CopiedConferenceData { get; set; }
    public List<SendUpdatesRecord> Notifications { get; } = [];

    /// <summary>Records a change: new version, new updated time and a new etag.</summary>
    public void Touch(long version, DateTimeOffset now)
    {
        Version = version;
        Updated = now;
        ETag = "\"" + ((now.ToUnixTimeMilliseconds() * 1000) + (version % 1000)).ToString(CultureInfo.InvariantCulture) + "\"";
    }
}

using Google.Apis.Requests;
using Google.Apis.Services;
using Google.Apis.Util;

namespace InsightGig.Infrastructure.Providers.Google.Calendar;

// The events methods of Calendar API v3, with parameter names, locations and paths as in the discovery document.

/// <summary>Parameters every Calendar request accepts (discovery top-level <c>parameters</c>; the ones InsightGig may use).</summary>
public abstract class CalendarBaseServiceRequest<TResponse> : ClientServiceRequest<TResponse>
{
    protected CalendarBaseServiceRequest(IClientService service)
        : base(service)
    {
    }

    /// <summary>Selector of the fields to include in the response.</summary>
    [RequestParameter("fields", RequestParameterType.Query)]
    public string? Fields { get; set; }

    [RequestParameter("prettyPrint", RequestParameterType.Query)]
    public bool? PrettyPrint { get; set; }

    [RequestParameter("quotaUser", RequestParameterType.Query)]
    public string? QuotaUser { get; set; }

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("fields", CalendarParameters.Query("fields"));
        RequestParameters.Add("prettyPrint", CalendarParameters.Query("prettyPrint"));
        RequestParameters.Add("quotaUser", CalendarParameters.Query("quotaUser"));
    }
}

/// <summary><c>POST calendars/{calendarId}/events</c>.</summary>
public sealed class EventsInsertRequest : CalendarBaseServiceRequest<Event>
{
    public EventsInsertRequest(IClientService service, Event body, string calendarId)
        : base(service)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        CalendarId = calendarId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    /// <summary>0 (default) or 1; 1 is needed to create or change conference data.</summary>
    [RequestParameter("conferenceDataVersion", RequestParameterType.Query)]
    public int? ConferenceDataVersion { get; set; }

    [RequestParameter("maxAttendees", RequestParameterType.Query)]
    public int? MaxAttendees { get; set; }

    /// <summary>See <see cref="SendUpdatesValues"/>.</summary>
    [RequestParameter("sendUpdates", RequestParameterType.Query)]
    public string? SendUpdates { get; set; }

    [RequestParameter("supportsAttachments", RequestParameterType.Query)]
    public bool? SupportsAttachments { get; set; }

    public Event Body { get; }

    public override string MethodName => "insert";

    public override string HttpMethod => "POST";

    public override string RestPath => "calendars/{calendarId}/events";

    protected override object GetBody() => Body;

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
        RequestParameters.Add("conferenceDataVersion", CalendarParameters.Query("conferenceDataVersion"));
        RequestParameters.Add("maxAttendees", CalendarParameters.Query("maxAttendees"));
        RequestParameters.Add("sendUpdates", CalendarParameters.Query("sendUpdates"));
        RequestParameters.Add("supportsAttachments", CalendarParameters.Query("supportsAttachments"));
    }
}

/// <summary><c>GET calendars/{calendarId}/events/{eventId}</c>.</summary>
public sealed class EventsGetRequest : CalendarBaseServiceRequest<Event>
{
    public EventsGetRequest(IClientService service, string calendarId, string eventId)
        : base(service)
    {
        CalendarId = calendarId;
        EventId = eventId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    [RequestParameter("eventId", RequestParameterType.Path)]
    public string EventId { get; }

    [RequestParameter("alwaysIncludeEmail", RequestParameterType.Query)]
    public bool? AlwaysIncludeEmail { get; set; }

    [RequestParameter("maxAttendees", RequestParameterType.Query)]
    public int? MaxAttendees { get; set; }

    [RequestParameter("timeZone", RequestParameterType.Query)]
    public string? TimeZone { get; set; }

    public override string MethodName => "get";

    public override string HttpMethod => "GET";

    public override string RestPath => "calendars/{calendarId}/events/{eventId}";

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
        RequestParameters.Add("eventId", CalendarParameters.Path("eventId"));
        RequestParameters.Add("alwaysIncludeEmail", CalendarParameters.Query("alwaysIncludeEmail"));
        RequestParameters.Add("maxAttendees", CalendarParameters.Query("maxAttendees"));
        RequestParameters.Add("timeZone", CalendarParameters.Query("timeZone"));
    }
}

/// <summary><c>PATCH calendars/{calendarId}/events/{eventId}</c>.</summary>
public sealed class EventsPatchRequest : CalendarBaseServiceRequest<Event>
{
    public EventsPatchRequest(IClientService service, Event body, string calendarId, string eventId)
        : base(service)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        CalendarId = calendarId;
        EventId = eventId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    [RequestParameter("eventId", RequestParameterType.Path)]
    public string EventId { get; }

    [RequestParameter("alwaysIncludeEmail", RequestParameterType.Query)]
    public bool? AlwaysIncludeEmail { get; set; }

    [RequestParameter("conferenceDataVersion", RequestParameterType.Query)]
    public int? ConferenceDataVersion { get; set; }

    [RequestParameter("maxAttendees", RequestParameterType.Query)]
    public int? MaxAttendees { get; set; }

    /// <summary>See <see cref="SendUpdatesValues"/>.</summary>
    [RequestParameter("sendUpdates", RequestParameterType.Query)]
    public string? SendUpdates { get; set; }

    [RequestParameter("supportsAttachments", RequestParameterType.Query)]
    public bool? SupportsAttachments { get; set; }

    public Event Body { get; }

    public override string MethodName => "patch";

    public override string HttpMethod => "PATCH";

    public override string RestPath => "calendars/{calendarId}/events/{eventId}";

    protected override object GetBody() => Body;

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
        RequestParameters.Add("eventId", CalendarParameters.Path("eventId"));
        RequestParameters.Add("alwaysIncludeEmail", CalendarParameters.Query("alwaysIncludeEmail"));
        RequestParameters.Add("conferenceDataVersion", CalendarParameters.Query("conferenceDataVersion"));
        RequestParameters.Add("maxAttendees", CalendarParameters.Query("maxAttendees"));
        RequestParameters.Add("sendUpdates", CalendarParameters.Query("sendUpdates"));
        RequestParameters.Add("supportsAttachments", CalendarParameters.Query("supportsAttachments"));
    }
}

/// <summary><c>DELETE calendars/{calendarId}/events/{eventId}</c> (no response body).</summary>
public sealed class EventsDeleteRequest : CalendarBaseServiceRequest<string>
{
    public EventsDeleteRequest(IClientService service, string calendarId, string eventId)
        : base(service)
    {
        CalendarId = calendarId;
        EventId = eventId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    [RequestParameter("eventId", RequestParameterType.Path)]
    public string EventId { get; }

    /// <summary>See <see cref="SendUpdatesValues"/>.</summary>
    [RequestParameter("sendUpdates", RequestParameterType.Query)]
    public string? SendUpdates { get; set; }

    public override string MethodName => "delete";

    public override string HttpMethod => "DELETE";

    public override string RestPath => "calendars/{calendarId}/events/{eventId}";

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
        RequestParameters.Add("eventId", CalendarParameters.Path("eventId"));
        RequestParameters.Add("sendUpdates", CalendarParameters.Query("sendUpdates"));
    }
}

/// <summary><c>GET calendars/{calendarId}/events</c>: a page of events, or the changes since a sync token.</summary>
public sealed class EventsListRequest : CalendarBaseServiceRequest<Events>
{
    public EventsListRequest(IClientService service, string calendarId)
        : base(service)
    {
        CalendarId = calendarId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    [RequestParameter("iCalUID", RequestParameterType.Query)]
    public string? ICalUID { get; set; }

    /// <summary>1–2500, default 250.</summary>
    [RequestParameter("maxResults", RequestParameterType.Query)]
    public int? MaxResults { get; set; }

    /// <summary><c>startTime</c> (needs <see cref="SingleEvents"/>) or <c>updated</c>.</summary>
    [RequestParameter("orderBy", RequestParameterType.Query)]
    public string? OrderBy { get; set; }

    [RequestParameter("pageToken", RequestParameterType.Query)]
    public string? PageToken { get; set; }

    [RequestParameter("q", RequestParameterType.Query)]
    public string? Q { get; set; }

    [RequestParameter("showDeleted", RequestParameterType.Query)]
    public bool? ShowDeleted { get; set; }

    [RequestParameter("singleEvents", RequestParameterType.Query)]
    public bool? SingleEvents { get; set; }

    /// <summary>From an earlier page's <c>nextSyncToken</c>; cannot be combined with time bounds or <c>q</c>.</summary>
    [RequestParameter("syncToken", RequestParameterType.Query)]
    public string? SyncToken { get; set; }

    /// <summary>RFC 3339 with offset; exclusive upper bound of event start.</summary>
    [RequestParameter("timeMax", RequestParameterType.Query)]
    public string? TimeMax { get; set; }

    /// <summary>RFC 3339 with offset; exclusive lower bound of event end.</summary>
    [RequestParameter("timeMin", RequestParameterType.Query)]
    public string? TimeMin { get; set; }

    [RequestParameter("timeZone", RequestParameterType.Query)]
    public string? TimeZone { get; set; }

    /// <summary>RFC 3339 with offset.</summary>
    [RequestParameter("updatedMin", RequestParameterType.Query)]
    public string? UpdatedMin { get; set; }

    public override string MethodName => "list";

    public override string HttpMethod => "GET";

    public override string RestPath => "calendars/{calendarId}/events";

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
        foreach (var name in (string[])["iCalUID", "maxResults", "orderBy", "pageToken", "q", "showDeleted", "singleEvents", "syncToken", "timeMax", "timeMin", "timeZone", "updatedMin"])
        {
            RequestParameters.Add(name, CalendarParameters.Query(name));
        }
    }
}

/// <summary><c>POST calendars/{calendarId}/events/watch</c>: opens a push channel on the calendar's events.</summary>
public sealed class EventsWatchRequest : CalendarBaseServiceRequest<Channel>
{
    public EventsWatchRequest(IClientService service, Channel body, string calendarId)
        : base(service)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        CalendarId = calendarId;
        InitParameters();
    }

    [RequestParameter("calendarId", RequestParameterType.Path)]
    public string CalendarId { get; }

    public Channel Body { get; }

    public override string MethodName => "watch";

    public override string HttpMethod => "POST";

    public override string RestPath => "calendars/{calendarId}/events/watch";

    protected override object GetBody() => Body;

    protected override void InitParameters()
    {
        base.InitParameters();
        RequestParameters.Add("calendarId", CalendarParameters.Path("calendarId"));
    }
}

/// <summary><c>POST channels/stop</c> (no response body).</summary>
public sealed class ChannelsStopRequest : CalendarBaseServiceRequest<string>
{
    public ChannelsStopRequest(IClientService service, Channel body)
        : base(service)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        InitParameters();
    }

    public Channel Body { get; }

    public override string MethodName => "stop";

    public override string HttpMethod => "POST";

    public override string RestPath => "channels/stop";

    protected override object GetBody() => Body;
}

using Google.Apis.Requests;
using Google.Apis.Services;
using Newtonsoft.Json;

namespace InsightGig.Infrastructure.Providers.Google.Calendar;

// The freebusy resource of Calendar API v3 (calendar.freebusy.query), schemas named as in the discovery document.

/// <summary>The <c>freebusy</c> resource.</summary>
public class FreebusyResource(CalendarService service)
{
    /// <summary><c>POST freeBusy</c>: busy ranges of the listed calendars.</summary>
    public FreebusyQueryRequest Query(FreeBusyRequest body) => new(service, body);
}

public sealed class FreebusyQueryRequest : CalendarBaseServiceRequest<FreeBusyResponse>
{
    public FreebusyQueryRequest(IClientService service, FreeBusyRequest body)
        : base(service)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        InitParameters();
    }

    public FreeBusyRequest Body { get; }

    public override string MethodName => "query";

    public override string HttpMethod => "POST";

    public override string RestPath => "freeBusy";

    protected override object GetBody() => Body;
}

/// <summary>Schema <c>FreeBusyRequest</c>.</summary>
public class FreeBusyRequest
{
    /// <summary>RFC 3339.</summary>
    [JsonProperty("timeMin")]
    public string? TimeMin { get; set; }

    [JsonProperty("timeMax")]
    public string? TimeMax { get; set; }

    [JsonProperty("items")]
    public IList<FreeBusyRequestItem>? Items { get; set; }
}

/// <summary>Schema <c>FreeBusyRequestItem</c>: a calendar id (<c>primary</c>).</summary>
public class FreeBusyRequestItem
{
    [JsonProperty("id")]
    public string? Id { get; set; }
}

/// <summary>Schema <c>FreeBusyResponse</c>.</summary>
public class FreeBusyResponse : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public string? Kind { get; set; }

    [JsonProperty("calendars")]
    public IDictionary<string, FreeBusyCalendar>? Calendars { get; set; }

    public string? ETag { get; set; }
}

/// <summary>Schema <c>FreeBusyCalendar</c>: busy ranges, or errors when the calendar could not be read.</summary>
public class FreeBusyCalendar
{
    [JsonProperty("busy")]
    public IList<TimePeriod>? Busy { get; set; }

    [JsonProperty("errors")]
    public IList<FreeBusyError>? Errors { get; set; }
}

/// <summary>Schema <c>TimePeriod</c>; RFC 3339 strings, as the rest of this client keeps date-times.</summary>
public class TimePeriod
{
    [JsonProperty("start")]
    public string? Start { get; set; }

    [JsonProperty("end")]
    public string? End { get; set; }
}

/// <summary>Schema <c>Error</c> (of free/busy): <c>notFound</c>, <c>internalError</c>, …</summary>
public class FreeBusyError
{
    [JsonProperty("domain")]
    public string? Domain { get; set; }

    [JsonProperty("reason")]
    public string? Reason { get; set; }
}

using Google.Apis.Discovery;
using Google.Apis.Services;

namespace InsightGig.Infrastructure.Providers.Google.Calendar;

/// <summary>
/// A small typed client of Google Calendar API v3 on Google.Apis' own runtime (requests, parameters, serialization, error
/// parsing), in place of the generated Google.Apis.Calendar.v3 package. The <c>events</c>, <c>channels</c> and <c>freebusy</c> resources are covered.
/// </summary>
public class CalendarService : BaseClientService
{
    /// <summary>Discovery <c>rootUrl</c> + <c>servicePath</c>.</summary>
    public const string DefaultBaseUri = "https://www.googleapis.com/calendar/v3/";

    /// <summary>Discovery <c>servicePath</c>.</summary>
    public const string ServicePath = "calendar/v3/";

    /// <param name="initializer">Set <see cref="BaseClientService.Initializer.BaseUri"/> to talk to another server (e.g. the sandbox).</param>
    public CalendarService(Initializer initializer)
        : base(initializer)
    {
        Events = new EventsResource(this);
        Channels = new ChannelsResource(this);
        Freebusy = new FreebusyResource(this);
    }

    public override string Name => "calendar";

    public override string BaseUri => GetEffectiveUri(BaseUriOverride, DefaultBaseUri);

    public override string BasePath => ServicePath;

    public override string BatchUri => GetEffectiveUri(null, "https://www.googleapis.com/batch/calendar/v3");

    public override string BatchPath => "batch/calendar/v3";

    public override IList<string> Features => [];

    /// <summary>The <c>events</c> resource.</summary>
    public EventsResource Events { get; }

    /// <summary>The <c>channels</c> resource.</summary>
    public ChannelsResource Channels { get; }

    /// <summary>The <c>freebusy</c> resource.</summary>
    public FreebusyResource Freebusy { get; }

    /// <summary>The Calendar API root for a given API root URL (discovery <c>rootUrl</c>), e.g. <c>https://www.googleapis.com/</c>.</summary>
    public static string BaseUriFor(string apiRootUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiRootUrl);
        return (apiRootUrl.EndsWith('/') ? apiRootUrl : apiRootUrl + "/") + ServicePath;
    }
}

/// <summary>The <c>events</c> resource of Calendar API v3.</summary>
public class EventsResource
{
    private readonly CalendarService _service;

    public EventsResource(CalendarService service)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
    }

    /// <summary><c>events.insert</c>: creates an event (with our own id, when the body has one).</summary>
    public EventsInsertRequest Insert(Event body, string calendarId) => new(_service, body, calendarId);

    /// <summary><c>events.get</c>.</summary>
    public EventsGetRequest Get(string calendarId, string eventId) => new(_service, calendarId, eventId);

    /// <summary><c>events.patch</c>: changes only the fields the body sets.</summary>
    public EventsPatchRequest Patch(Event body, string calendarId, string eventId) => new(_service, body, calendarId, eventId);

    /// <summary><c>events.delete</c>.</summary>
    public EventsDeleteRequest Delete(string calendarId, string eventId) => new(_service, calendarId, eventId);

    /// <summary><c>events.list</c>.</summary>
    public EventsListRequest List(string calendarId) => new(_service, calendarId);

    /// <summary><c>events.watch</c>: push notifications of changes to the calendar's events.</summary>
    public EventsWatchRequest Watch(Channel body, string calendarId) => new(_service, body, calendarId);
}

/// <summary>The <c>channels</c> resource of Calendar API v3.</summary>
public class ChannelsResource
{
    private readonly CalendarService _service;

    public ChannelsResource(CalendarService service)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
    }

    /// <summary><c>channels.stop</c>.</summary>
    public ChannelsStopRequest Stop(Channel body) => new(_service, body);
}

/// <summary>Values of the <c>sendUpdates</c> parameter (discovery enum).</summary>
public static class SendUpdatesValues
{
    /// <summary>Notifications go to all guests.</summary>
    public const string All = "all";

    /// <summary>Only to non-Google Calendar guests.</summary>
    public const string ExternalOnly = "externalOnly";

    /// <summary>No notifications.</summary>
    public const string None = "none";
}

/// <summary>Calendar's <c>parameterOrder</c> path parameters and their declaration.</summary>
internal static class CalendarParameters
{
    public static Parameter Path(string name) => new() { Name = name, IsRequired = true, ParameterType = "path" };

    public static Parameter Query(string name) => new() { Name = name, IsRequired = false, ParameterType = "query" };
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InsightGig.Application.Common.Telemetry;

/// <summary>
/// The app's own traces and metrics, in one place for every layer that records them (Application's use cases,
/// Infrastructure's adapters and jobs). The host exports them with OpenTelemetry (source and meter
/// <see cref="Name"/>); without a listener every call here costs next to nothing.
/// </summary>
/// <remarks>
/// Tags carry ids (meetings, connections, people) and provider keys, never tokens, emails or names: a trace backend is
/// read by more people than the database. A provider tag is always the provider's descriptor key, passed in by its unit,
/// so nothing here names a provider.
/// </remarks>
public static class InsightGigTelemetry
{
    /// <summary>The activity source and meter name to subscribe to.</summary>
    public const string Name = "InsightGig";

    /// <summary>Tag: the provider's descriptor key (<c>ProviderDescriptor.Key</c>).</summary>
    public const string ProviderTag = "insightgig.provider";

    /// <summary>Tag: how a call or operation ended (see <see cref="ProviderCallOutcome"/>, <see cref="TokenRefreshOutcome"/>).</summary>
    public const string OutcomeTag = "insightgig.outcome";

    /// <summary>Tag: the meeting an operation works on.</summary>
    public const string MeetingIdTag = "insightgig.meeting.id";

    /// <summary>Tag: the provider connection an operation works with.</summary>
    public const string ConnectionIdTag = "insightgig.connection.id";

    /// <summary>Tag: the person (organizer, account owner) an operation works for; an id, never an email.</summary>
    public const string PersonIdTag = "insightgig.person.id";

    /// <summary>Tag: which quota a wait was for (e.g. <c>per-project</c>, <c>per-user</c>, <c>daily</c>).</summary>
    public const string QuotaTag = "insightgig.quota";

    /// <summary>Tag: the background job's id and its method (<c>Type.Method</c>).</summary>
    public const string JobIdTag = "insightgig.job.id";

    /// <inheritdoc cref="JobIdTag"/>
    public const string JobNameTag = "insightgig.job.name";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Provider HTTP calls as the caller saw them (after retries), by provider and outcome.</summary>
    public static readonly Counter<long> ProviderCalls = Meter.CreateCounter<long>(
        "insightgig.provider.calls", unit: "{call}", description: "Provider HTTP calls, after retries, by provider and outcome.");

    /// <summary>How long provider calls took (after retries), by provider and outcome.</summary>
    public static readonly Histogram<double> ProviderCallDuration = Meter.CreateHistogram<double>(
        "insightgig.provider.call.duration", unit: "s", description: "Duration of provider HTTP calls, after retries.");

    /// <summary>OAuth token refreshes, by provider and outcome.</summary>
    public static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "insightgig.token.refreshes", unit: "{refresh}", description: "OAuth access token refreshes by provider and outcome.");

    /// <summary>
    /// How stale InsightGig's view of a calendar was when it was read back: the time since that calendar's previous
    /// successful read (or since its first meeting, for a first read), by provider.
    /// </summary>
    public static readonly Histogram<double> CalendarSyncLag = Meter.CreateHistogram<double>(
        "insightgig.calendar.sync.lag", unit: "s", description: "Time since a calendar's previous successful read-back, at each read-back.");

    /// <summary>Time background work waited for a provider quota (budget) before calling, by provider and quota.</summary>
    public static readonly Histogram<double> QuotaWait = Meter.CreateHistogram<double>(
        "insightgig.provider.quota.wait", unit: "s", description: "Time waited for a provider quota before a call.");

    public static void RecordProviderCall(string provider, ProviderCallOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList { { ProviderTag, provider }, { OutcomeTag, OutcomeName(outcome) } };
        ProviderCalls.Add(1, tags);
        ProviderCallDuration.Record(duration.TotalSeconds, tags);
    }

    public static void RecordTokenRefresh(string provider, TokenRefreshOutcome outcome) =>
        TokenRefreshes.Add(1, new TagList { { ProviderTag, provider }, { OutcomeTag, OutcomeName(outcome) } });

    public static void RecordCalendarSyncLag(string provider, TimeSpan lag) =>
        CalendarSyncLag.Record(Math.Max(0, lag.TotalSeconds), new TagList { { ProviderTag, provider } });

    public static void RecordQuotaWait(string provider, string quota, TimeSpan waited) =>
        QuotaWait.Record(Math.Max(0, waited.TotalSeconds), new TagList { { ProviderTag, provider }, { QuotaTag, quota } });

    /// <summary>Names the meeting on the current span (the request's or the job's), if one is being recorded.</summary>
    public static void TagMeeting(Guid meetingId) => Activity.Current?.SetTag(MeetingIdTag, meetingId.ToString());

    /// <summary>Names the provider connection on the current span, if one is being recorded.</summary>
    public static void TagConnection(Guid connectionId) => Activity.Current?.SetTag(ConnectionIdTag, connectionId.ToString());

    /// <summary>Names the person on the current span, if one is being recorded.</summary>
    public static void TagPerson(Guid personId) => Activity.Current?.SetTag(PersonIdTag, personId.ToString());

    private static string OutcomeName(ProviderCallOutcome outcome) => outcome switch
    {
        ProviderCallOutcome.Success => "success",
        ProviderCallOutcome.ClientError => "client_error",
        ProviderCallOutcome.Unauthorized => "unauthorized",
        ProviderCallOutcome.RateLimited => "rate_limited",
        ProviderCallOutcome.ServerError => "server_error",
        ProviderCallOutcome.TransportError => "transport_error",
        _ => "cancelled",
    };

    private static string OutcomeName(TokenRefreshOutcome outcome) => outcome switch
    {
        TokenRefreshOutcome.Refreshed => "refreshed",
        TokenRefreshOutcome.Revoked => "revoked",
        _ => "failed",
    };
}

/// <summary>How a provider call ended, as <see cref="InsightGigTelemetry.ProviderCalls"/> counts it.</summary>
public enum ProviderCallOutcome
{
    /// <summary>A 2xx or 3xx answer.</summary>
    Success,

    /// <summary>A 4xx other than 401, 403 and 429 (the request was wrong, or the thing is gone).</summary>
    ClientError,

    /// <summary>401 or 403: the provider no longer accepts our access.</summary>
    Unauthorized,

    /// <summary>429: a quota or rate limit.</summary>
    RateLimited,

    /// <summary>5xx or 408.</summary>
    ServerError,

    /// <summary>No usable answer: network error, timeout, open circuit.</summary>
    TransportError,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>How a token refresh ended, as <see cref="InsightGigTelemetry.TokenRefreshes"/> counts it.</summary>
public enum TokenRefreshOutcome
{
    /// <summary>New tokens were saved.</summary>
    Refreshed,

    /// <summary>The provider refused the refresh token: the owner must reconnect.</summary>
    Revoked,

    /// <summary>The exchange failed for now (transient) and will be tried again.</summary>
    Failed,
}

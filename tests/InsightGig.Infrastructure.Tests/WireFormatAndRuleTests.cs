using System.Net;
using System.Text.Json;
using Google;
using Google.Apis.Json;
using Google.Apis.Requests;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Http;
using InsightGig.Infrastructure.Providers.Zoom;
using Polly;
using Polly.Timeout;
using Calendar = InsightGig.Infrastructure.Providers.Google.Calendar;

namespace InsightGig.Infrastructure.Tests;

/// <summary>Wire formats and retry/failure rules, without a server.</summary>
public sealed class WireFormatAndRuleTests
{
    [Fact]
    public void The_zoom_meeting_body_has_exactly_zooms_field_names_and_formats()
    {
        var request = new VideoMeetingRequest(
            "Expert call", "Agenda", new DateTimeOffset(2026, 3, 10, 16, 0, 0, TimeSpan.FromHours(1)), TimeSpan.FromMinutes(44.5), "Europe/Zurich",
            Guid.Parse("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));

        var json = JsonSerializer.Serialize(ZoomMeetingProvider.Body(request), ZoomJson.Options);

        Assert.Equal(
            """{"topic":"Expert call","type":2,"start_time":"2026-03-10T15:00:00Z","duration":45,"timezone":"Europe/Zurich","agenda":"Agenda\n\nInsightGig meeting 0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d"}""",
            json);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 199) + "😀" + "tail";

        var cut = ZoomMeetingProvider.Truncate(text, ZoomMeetingProvider.MaxTopicLength);

        Assert.Equal(199, cut.Length);
        Assert.Equal(ZoomMeetingProvider.MaxAgendaLength, ZoomMeetingProvider.Truncate(new string('x', 2500), ZoomMeetingProvider.MaxAgendaLength).Length);
    }

    [Fact]
    public void The_calendar_event_body_uses_the_discovery_names_and_asks_for_meet()
    {
        var request = new CalendarEventRequest(
            "ig0abc123",
            "Expert call",
            "Agenda",
            null,
            new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero),
            "Europe/Zurich",
            [new CalendarAttendee("grace@example.com", "Grace Hopper")],
            CreateConference: true,
            HideGuestList: true);

        var json = NewtonsoftJsonSerializer.Instance.Serialize(GoogleCalendarProvider.EventBody(request, withId: true));

        Assert.Equal(
            """{"id":"ig0abc123","summary":"Expert call","description":"Agenda","start":{"dateTime":"2026-07-01T10:00:00+02:00","timeZone":"Europe/Zurich"},"end":{"dateTime":"2026-07-01T11:00:00+02:00","timeZone":"Europe/Zurich"},"attendees":[{"email":"grace@example.com","displayName":"Grace Hopper"}],"conferenceData":{"createRequest":{"requestId":"ig0abc123","conferenceSolutionKey":{"type":"hangoutsMeet"}}},"guestsCanSeeOtherGuests":false}""",
            json);
    }

    [Theory]
    [InlineData("POST", 503, false, true)]
    [InlineData("POST", 429, false, true)]
    [InlineData("POST", 500, false, false)]
    [InlineData("POST", 502, false, false)]
    [InlineData("POST", 504, false, false)]
    [InlineData("POST", 500, true, true)]
    [InlineData("GET", 500, false, true)]
    [InlineData("GET", 408, false, true)]
    [InlineData("PATCH", 502, false, true)]
    [InlineData("DELETE", 503, false, true)]
    [InlineData("GET", 404, false, false)]
    [InlineData("POST", 400, false, false)]
    [InlineData("GET", 401, false, false)]
    public void Answers_are_retried_only_when_safe(string method, int status, bool markedSafe, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://api.example.com/x");
        if (markedSafe)
        {
            request.Options.Set(ProviderHttpResilience.RetrySafe, true);
        }

        using var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request };

        Assert.Equal(expected, ShouldRetry(Outcome.FromResult(response), request));
    }

    [Theory]
    [InlineData("POST", false, false)]
    [InlineData("POST", true, true)]
    [InlineData("GET", false, true)]
    [InlineData("DELETE", false, true)]
    public void A_timeout_is_retried_unless_a_post_may_have_been_processed(string method, bool markedSafe, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://api.example.com/x");
        if (markedSafe)
        {
            request.Options.Set(ProviderHttpResilience.RetrySafe, true);
        }

        Assert.Equal(expected, ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), request));
    }

    [Fact]
    public void A_post_that_never_reached_the_server_is_retried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/x");
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");

        Assert.True(ShouldRetry(Outcome.FromException<HttpResponseMessage>(refused), request));
        Assert.False(ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "cut")), request));
    }

    [Theory]
    [InlineData(10, 20, 30, 20)] // the defaults: a token exchange waits twice as long as an ordinary try
    [InlineData(25, 20, 30, 25)] // never shorter than an ordinary try
    [InlineData(1, 20, 2.5, 1)] // a whole call shorter than the exchange limit: the ordinary try, which fits in it
    [InlineData(1, 4, 10, 4)]
    public void A_token_endpoint_gets_the_exchange_limit_per_try_within_the_whole_call(double attempt, double exchange, double total, double expected)
    {
        var http = new ProviderHttpOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(attempt),
            TokenExchangeTimeout = TimeSpan.FromSeconds(exchange),
            TotalTimeout = TimeSpan.FromSeconds(total),
        };

        Assert.Equal(TimeSpan.FromSeconds(expected), http.EffectiveTokenExchangeTimeout);
        Assert.True(http.EffectiveTokenExchangeTimeout < http.TotalTimeout);
    }

    [Fact]
    public void A_retry_after_longer_than_the_limit_is_left_to_the_caller()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/x");
        using var soon = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        soon.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
        using var late = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        late.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(5));

        Assert.True(ShouldRetry(Outcome.FromResult(soon), request));
        Assert.False(ShouldRetry(Outcome.FromResult(late), request));
    }

    [Theory]
    [InlineData(404, null, ProviderFailureKind.NotFound)]
    [InlineData(410, "deleted", ProviderFailureKind.NotFound)]
    [InlineData(409, "duplicate", ProviderFailureKind.Conflict)]
    [InlineData(412, "conditionNotMet", ProviderFailureKind.Conflict)]
    [InlineData(429, "rateLimitExceeded", ProviderFailureKind.Transient)]
    [InlineData(503, "backendError", ProviderFailureKind.Transient)]
    [InlineData(403, "insufficientPermissions", ProviderFailureKind.ReconnectNeeded)]
    [InlineData(403, "userRateLimitExceeded", ProviderFailureKind.Transient)]
    [InlineData(403, "forbiddenForNonOrganizer", ProviderFailureKind.Rejected)]
    [InlineData(400, "invalid", ProviderFailureKind.Rejected)]
    [InlineData(401, "authError", ProviderFailureKind.Rejected)]
    public void Google_api_errors_map_to_failures_a_use_case_can_act_on(int status, string? reason, ProviderFailureKind expected)
    {
        var exception = new GoogleApiException("calendar", "failed")
        {
            HttpStatusCode = (HttpStatusCode)status,
            Error = new RequestError
            {
                Code = status,
                Message = "Google says no.",
                Errors = reason is null ? [] : [new SingleError { Reason = reason, Message = "Google says no." }],
            },
        };

        var failure = GoogleApiFailures.From(exception, TimeSpan.FromSeconds(7));

        Assert.Equal(expected, failure.Kind);
        Assert.Equal(GoogleProvider.Key, failure.Provider);
        if (expected == ProviderFailureKind.Transient)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        }

        if (expected == ProviderFailureKind.Rejected && status == 400)
        {
            Assert.Contains("Google says no.", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Meet_conference_status_follows_the_create_request_status()
    {
        static Calendar.Event WithStatus(string? status, string? uri) => new()
        {
            ConferenceData = new Calendar.ConferenceData
            {
                CreateRequest = status is null ? null : new Calendar.CreateConferenceRequest { Status = new Calendar.ConferenceRequestStatus { StatusCode = status } },
                EntryPoints = uri is null ? null : [new Calendar.EntryPoint { EntryPointType = "video", Uri = uri }],
            },
        };

        Assert.Equal((ConferenceStatus.Pending, null), GoogleCalendarProvider.Conference(WithStatus("pending", null)));
        Assert.Equal((ConferenceStatus.Ready, "https://meet.google.com/abc-defg-hij"), GoogleCalendarProvider.Conference(WithStatus("success", "https://meet.google.com/abc-defg-hij")));
        Assert.Equal((ConferenceStatus.Failed, null), GoogleCalendarProvider.Conference(WithStatus("failure", null)));
        Assert.Equal((ConferenceStatus.None, null), GoogleCalendarProvider.Conference(new Calendar.Event()));
        Assert.Equal((ConferenceStatus.Ready, "https://meet.google.com/x"), GoogleCalendarProvider.Conference(new Calendar.Event { HangoutLink = "https://meet.google.com/x" }));
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request)
    {
        var context = ResilienceContextPool.Shared.Get(AdapterHarnessCt);
        try
        {
            context.SetRequestMessage(request);
            return ProviderHttpResilience.ShouldRetry(outcome, context, TimeSpan.FromSeconds(10));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static CancellationToken AdapterHarnessCt => TestContext.Current.CancellationToken;
}

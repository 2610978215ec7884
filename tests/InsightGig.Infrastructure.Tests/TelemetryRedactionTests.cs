using System.Diagnostics;
using InsightGig.Infrastructure.Telemetry;

namespace InsightGig.Infrastructure.Tests;

/// <summary>What instrumentation copies from the wire is scrubbed before export: emails (plain or percent-encoded) and credential tags.</summary>
public sealed class TelemetryRedactionTests
{
    [Fact]
    public void Emails_in_names_and_tags_are_replaced_and_credential_tags_dropped()
    {
        using var activity = new Activity("GET calendars/clara.client@northwind.example/events");
        activity.SetTag("url.full", "https://calendar.example/calendar/v3/calendars/clara.client%40northwind.example/events?syncToken=*");
        activity.SetTag("url.query", "account=erin.expert@experts.example&x=1");
        activity.SetTag("http.request.header.authorization", "Bearer ya29.secret");
        activity.SetTag("oauth.refresh_token", "1//refresh");
        activity.SetTag("insightgig.meeting.id", "5b7f0c59-3c1e-4a43-9d56-0c1f2a8e4b11");

        TelemetryRedaction.Redact(activity);

        Assert.Equal("GET calendars/[email]/events", activity.DisplayName);
        Assert.Equal("https://calendar.example/calendar/v3/calendars/[email]/events?syncToken=*", activity.GetTagItem("url.full"));
        Assert.Equal("account=[email]&x=1", activity.GetTagItem("url.query"));
        Assert.Null(activity.GetTagItem("http.request.header.authorization"));
        Assert.Null(activity.GetTagItem("oauth.refresh_token"));
        Assert.Equal("5b7f0c59-3c1e-4a43-9d56-0c1f2a8e4b11", activity.GetTagItem("insightgig.meeting.id"));
    }
}

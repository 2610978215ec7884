using System.Text;
using Ical.Net;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Meetings;

namespace InsightGig.Infrastructure.Tests.Meetings;

/// <summary>
/// The .ics the app serves and mails, against RFC 5545's line rules (CRLF, lines folded at 75 octets, text escaped) and read
/// back with Ical.Net: what a calendar importing it sees.
/// </summary>
public sealed class CalendarFileFormatTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 4, 15, 0, 0, TimeSpan.Zero);

    // Multi-byte letters, the characters RFC 5545 escapes (, ; \ and newlines) and a long line to fold.
    private const string Title = "Zürich ↔ 東京: cathode supply, part 2; \"pricing\" \\ volumes";
    private static readonly string Description = "Agenda:\n1. Prices, volumes; contracts\n2. " + string.Concat(Enumerable.Repeat("Ünïcödé wörds and a long line ", 12));

    private static MeetingInvitation Invitation(bool cancelled, int sequence) => new(
        "ig0123456789abcdef@calendar.example",
        sequence,
        cancelled,
        Title,
        Description,
        cancelled ? null : "https://video.example/j/123?pwd=a,b;c",
        Start,
        Start.AddMinutes(45),
        "Europe/London",
        new InvitationPerson("clara@northwind.example", "Clara Whitfield"),
        [new InvitationAttendee("hiro@experts.example", "Hiro Tanaka", ResponseStatus.Awaiting)],
        Start.AddDays(-3),
        Start.AddDays(-1));

    private static string Write(bool cancelled, int sequence) =>
        new IcalMeetingCalendarFile(TimeProvider.System).Write(Invitation(cancelled, sequence));

    [Fact]
    public void Every_line_ends_in_crlf_and_is_at_most_75_octets_and_unfolding_gives_back_the_escaped_text()
    {
        var ics = Write(cancelled: false, sequence: 2);

        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", ics.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var physical = ics.Split("\r\n");
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains(physical, line => line.StartsWith(' ')); // the long description was folded
        var unfolded = ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n");
        Assert.Contains(@"SUMMARY:Zürich ↔ 東京: cathode supply\, part 2\; ""pricing"" \\ volumes", unfolded);
        Assert.Contains(unfolded, line => line.StartsWith(@"DESCRIPTION:Agenda:\n1. Prices\, volumes\; contracts\n2. Ünïcödé", StringComparison.Ordinal));
    }

    [Fact]
    public void A_download_is_a_publish_that_ical_net_reads_back_with_the_calendar_events_uid_and_the_same_text()
    {
        var calendar = Calendar.Load(Write(cancelled: false, sequence: 2))!;

        Assert.Equal("PUBLISH", calendar.Method);
        var read = Assert.Single(calendar.Events);
        Assert.Equal(("ig0123456789abcdef@calendar.example", 2), (read.Uid, read.Sequence));
        Assert.Equal((Title, Description), (read.Summary, read.Description));
        Assert.Equal("CONFIRMED", read.Status);
        Assert.Equal(Start.UtcDateTime, read.DtStart!.AsUtc);
        Assert.Equal("https://video.example/j/123?pwd=a,b;c", read.Location);
        Assert.False(Assert.Single(read.Attendees).Rsvp);
    }

    [Fact]
    public void A_cancellation_is_a_cancel_with_the_same_uid_and_a_higher_sequence()
    {
        var request = Assert.Single(Calendar.Load(Write(cancelled: false, sequence: 2))!.Events);
        var cancelFile = Calendar.Load(Write(cancelled: true, sequence: 3))!;

        Assert.Equal("CANCEL", cancelFile.Method);
        var cancel = Assert.Single(cancelFile.Events);
        Assert.Equal(request.Uid, cancel.Uid);
        Assert.True(cancel.Sequence > request.Sequence);
        Assert.Equal("CANCELLED", cancel.Status);
    }
}

using System.Text;
using System.Text.Encodings.Web;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Meetings;
using InsightGig.Web.Infrastructure;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// The meeting list is written by <see cref="MeetingListHtml"/> instead of Razor markup: it must write what the template
/// wrote, to the character, with every value encoded as Razor encodes it.
/// </summary>
public sealed class MeetingListHtmlTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 14, 0, 0, TimeSpan.Zero);

    private static MeetingListItem Item(string title, MeetingStatus status, string? joinUrl = null, bool isOrganizer = true, bool isOver = false) =>
        new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), title, "Zoom", Start, Start.AddMinutes(45), joinUrl, status,
            MeetingContextKind.Project, Guid.NewGuid(), "Zoë <Organizer>", isOrganizer, ["Ann & Bob", "Émile"], "Zoom \"Pro\"", "/img/zoom.svg", isOver);

    // What the Razor template (_MeetingList.cshtml before page4) wrote for these rows: a first row with every status badge
    // and count, then one per remaining branch.
    private const string Expected =
        "    <ul class=\"list meetings\">\n" +
        "            <li class=\"list__item meeting\">\n" +
        "                <div class=\"meeting__head\">\n" +
        "                    <img src=\"/app/img/zoom.svg?v=a&amp;b\" alt=\"Zoom &quot;Pro&quot;\" width=\"24\" height=\"24\" />\n" +
        "                    <a class=\"list__title\" href=\"/meetings/0f8fad5b-d9cb-469f-a165-70867728950e\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</a>\n" +
        "                        <span class=\"status\">still being set up</span>\n" +
        "                        <span class=\"badge badge--attention meeting__proposals\">3 new times proposed</span>\n" +
        "                        <span class=\"badge badge--attention meeting__declines\">2 declined</span>\n" +
        "                </div>\n" +
        "                <p>Tue 8 Dec 2026, 13:00 (Etc/GMT&#x2B;1) \u2013 13:45</p>\n" +
        "                <p class=\"muted\">You organize \u00B7 with Ann &amp; Bob, &#xC9;mile and 2 others</p>\n" +
        "                    <p><a href=\"https://zoom.example/j/1?pwd=a&amp;b=&quot;c&quot;\" rel=\"noopener noreferrer\" target=\"_blank\">Join meeting</a></p>\n" +
        "            </li>\n" +
        "            <li class=\"list__item meeting\">\n" +
        "                <div class=\"meeting__head\">\n" +
        "                    <img src=\"/app/img/zoom.svg?v=a&amp;b\" alt=\"Zoom &quot;Pro&quot;\" width=\"24\" height=\"24\" />\n" +
        "                    <a class=\"list__title\" href=\"/meetings/0f8fad5b-d9cb-469f-a165-70867728950e\">Cancelled one</a>\n" +
        "                        <span class=\"status status--cancelled\">cancelled</span>\n" +
        "                        <span class=\"badge badge--attention meeting__proposals\">1 new time proposed</span>\n" +
        "                </div>\n" +
        "                <p>Tue 8 Dec 2026, 13:00 (Etc/GMT&#x2B;1) \u2013 13:45</p>\n" +
        "                <p class=\"muted\">Organized by Zo&#xEB; &lt;Organizer&gt; \u00B7 with Ann &amp; Bob, &#xC9;mile and 1 other</p>\n" +
        "            </li>\n" +
        "            <li class=\"list__item meeting\">\n" +
        "                <div class=\"meeting__head\">\n" +
        "                    <img src=\"/app/img/zoom.svg?v=a&amp;b\" alt=\"Zoom &quot;Pro&quot;\" width=\"24\" height=\"24\" />\n" +
        "                    <a class=\"list__title\" href=\"/meetings/0f8fad5b-d9cb-469f-a165-70867728950e\">Failed one</a>\n" +
        "                        <span class=\"status status--failed\">could not be scheduled</span>\n" +
        "                </div>\n" +
        "                <p>Tue 8 Dec 2026, 13:00 (Etc/GMT&#x2B;1) \u2013 13:45</p>\n" +
        "                <p class=\"muted\">You organize \u00B7 with Ann &amp; Bob, &#xC9;mile</p>\n" +
        "            </li>\n" +
        "            <li class=\"list__item meeting\">\n" +
        "                <div class=\"meeting__head\">\n" +
        "                    <img src=\"/app/img/zoom.svg?v=a&amp;b\" alt=\"Zoom &quot;Pro&quot;\" width=\"24\" height=\"24\" />\n" +
        "                    <a class=\"list__title\" href=\"/meetings/0f8fad5b-d9cb-469f-a165-70867728950e\">Over</a>\n" +
        "                </div>\n" +
        "                <p>Tue 8 Dec 2026, 13:00 (Etc/GMT&#x2B;1) \u2013 13:45</p>\n" +
        "                <p class=\"muted\">You organize \u00B7 with Ann &amp; Bob, &#xC9;mile</p>\n" +
        "            </li>\n" +
        "    </ul>\n";

    private static MeetingListHtml List()
    {
        var meetings = new[]
        {
            Item("<script>alert(1)</script> & co", MeetingStatus.Scheduling, "https://zoom.example/j/1?pwd=a&b=\"c\"") with { OpenProposals = 3, Declines = 2, OtherParticipants = 2 },
            Item("Cancelled one", MeetingStatus.Cancelled, "https://zoom.example/j/2", isOrganizer: false) with { OpenProposals = 1, OtherParticipants = 1 },
            Item("Failed one", MeetingStatus.Failed, "https://zoom.example/j/3"),
            Item("Over", MeetingStatus.Scheduled, "https://zoom.example/j/4", isOver: true),
        };
        return new MeetingListHtml(meetings, TimeDisplay.Zone("Etc/GMT+1"), icon => "/app" + icon + "?v=a&b", HtmlEncoder.Default);
    }

    [Fact]
    public void Writes_the_markup_the_template_wrote_with_every_value_encoded()
    {
        using var writer = new StringWriter();
        List().WriteTo(writer, HtmlEncoder.Default);

        Assert.Equal(Expected, writer.ToString());
    }

    [Fact]
    public async Task Written_asynchronously_by_the_view_it_is_the_same_markup_and_never_written_synchronously()
    {
        // The view writes IHtmlAsyncContent asynchronously; the writer may be the response's own, over a stream Kestrel
        // refuses to write synchronously, so a synchronous write would fail the page once its buffer filled.
        await using var writer = new AsynchronousOnlyWriter();
        await List().WriteToAsync(writer);

        Assert.Equal(Expected, writer.ToString());
    }

    [Fact]
    public async Task A_long_list_is_handed_on_a_few_rows_at_a_time()
    {
        var meetings = Enumerable.Range(0, 10).Select(i => Item($"Meeting {i}", MeetingStatus.Scheduled)).ToList();
        await using var writer = new AsynchronousOnlyWriter();
        await new MeetingListHtml(meetings, TimeZoneInfo.Utc, icon => icon, HtmlEncoder.Default).WriteToAsync(writer);

        // Rows 1-4, 5-8, then 9-10 with the list's end.
        Assert.Equal(3, writer.Writes);
        Assert.Equal(10, writer.ToString().Split("<li ").Length - 1);
        Assert.EndsWith("            </li>\n    </ul>\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_written_into_a_span_as_the_strings_show_them()
    {
        var zone = TimeDisplay.Zone("America/Argentina/ComodRivadavia");
        Span<char> text = stackalloc char[TimeDisplay.MaxInZoneLength];

        Assert.Equal(TimeDisplay.InZone(Start, zone), new string(text[..TimeDisplay.FormatInZone(text, Start, zone)]));
        Assert.Equal("Tue 8 Dec 2026, 11:00 (America/Argentina/ComodRivadavia)", TimeDisplay.InZone(Start, zone));
        Assert.Equal("11:00", TimeDisplay.TimeOnly(Start, zone));
        Assert.Throws<ArgumentException>(() => TimeDisplay.FormatInZone(new char[10], Start, zone));
    }

    private sealed class AsynchronousOnlyWriter : StringWriter
    {
        public int Writes { get; private set; }

        public override void Write(char value) => throw new InvalidOperationException("Synchronous write.");

        public override void Write(char[] buffer, int index, int count) => throw new InvalidOperationException("Synchronous write.");

        public override void Write(ReadOnlySpan<char> buffer) => throw new InvalidOperationException("Synchronous write.");

        public override void Write(string? value) => throw new InvalidOperationException("Synchronous write.");

        public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
        {
            Writes++;
            GetStringBuilder().Append(value);
            return Task.CompletedTask;
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Meetings;
using Microsoft.AspNetCore.Html;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The meeting list (<c>_MeetingList</c>) written straight into the response: the markup the Razor template wrote, to the
/// character, every value HTML-encoded as Razor encodes it.
/// </summary>
/// <remarks>
/// Why not Razor: a project page lists hundreds of meetings, and the template wrote each row as some 35 view-buffer values
/// (literals, attribute parts, a string for the id and each time), kept in pages rented per request until the layout
/// copied them out. Written here, the list is one value; the ids, times and counts are formatted on the stack and the
/// text is encoded into the writer (docs/performance.md, page4). The row's markup is in <see cref="WriteRow"/>.
/// </remarks>
internal sealed class MeetingListHtml(
    IReadOnlyList<MeetingListItem> meetings, TimeZoneInfo zone, Func<string, string> iconUrl, HtmlEncoder viewEncoder) : IHtmlAsyncContent
{
    // Rows written into the list's own buffer before it is handed on: about 700 characters a row.
    private const int RowsPerWrite = 4;

    private const string ListStart = "    <ul class=\"list meetings\">\n";
    private const string ListEnd = "    </ul>\n";

    /// <summary>
    /// How the view writes it, at the end of the request. Rows go into a buffer of the list's own and on to
    /// <paramref name="writer"/> asynchronously, a few at a time: whichever writer the view gives (its paged buffer, or the
    /// response's own after a view's flush), no synchronous write reaches the response stream, which Kestrel refuses.
    /// </summary>
    public async ValueTask WriteToAsync(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var rows = new StringBuilder(RowsPerWrite * 1024);
        await using var buffer = new StringWriter(rows, CultureInfo.InvariantCulture);
        buffer.Write(ListStart);
        for (var i = 0; i < meetings.Count; i++)
        {
            WriteRow(buffer, viewEncoder, meetings[i]);
            if (i % RowsPerWrite == RowsPerWrite - 1)
            {
                await writer.WriteAsync(rows);
                rows.Clear();
            }
        }

        buffer.Write(ListEnd);
        await writer.WriteAsync(rows);
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        writer.Write(ListStart);
        foreach (var meeting in meetings)
        {
            WriteRow(writer, encoder, meeting);
        }

        writer.Write(ListEnd);
    }

    private void WriteRow(TextWriter writer, HtmlEncoder encoder, MeetingListItem meeting)
    {
        Span<char> text = stackalloc char[TimeDisplay.MaxInZoneLength];
        writer.Write("            <li class=\"list__item meeting\">\n                <div class=\"meeting__head\">\n                    <img src=\"");
        encoder.Encode(writer, iconUrl(meeting.PlatformIcon));
        writer.Write("\" alt=\"");
        encoder.Encode(writer, meeting.PlatformName);
        writer.Write("\" width=\"24\" height=\"24\" />\n                    <a class=\"list__title\" href=\"/meetings/");
        meeting.Id.TryFormat(text, out var written);
        writer.Write(text[..written]);
        writer.Write("\">");
        encoder.Encode(writer, meeting.Title);
        writer.Write("</a>\n");
        if (meeting.Status == MeetingStatus.Scheduling)
        {
            writer.Write("                        <span class=\"status\">still being set up</span>\n");
        }
        else if (meeting.Status == MeetingStatus.Cancelled)
        {
            writer.Write("                        <span class=\"status status--cancelled\">cancelled</span>\n");
        }
        else if (meeting.Status == MeetingStatus.Failed)
        {
            writer.Write("                        <span class=\"status status--failed\">could not be scheduled</span>\n");
        }

        if (meeting.OpenProposals > 0)
        {
            writer.Write("                        <span class=\"badge badge--attention meeting__proposals\">");
            if (meeting.OpenProposals == 1)
            {
                writer.Write("1 new time proposed");
            }
            else
            {
                WriteNumber(writer, meeting.OpenProposals, text);
                writer.Write(" new times proposed");
            }

            writer.Write("</span>\n");
        }

        if (meeting.Declines > 0)
        {
            writer.Write("                        <span class=\"badge badge--attention meeting__declines\">");
            WriteNumber(writer, meeting.Declines, text);
            writer.Write(" declined</span>\n");
        }

        writer.Write("                </div>\n                <p>");
        WriteEncoded(writer, encoder, text[..TimeDisplay.FormatInZone(text, meeting.StartUtc, zone)]);
        writer.Write(" \u2013 ");
        WriteEncoded(writer, encoder, text[..TimeDisplay.FormatTimeOnly(text, meeting.EndUtc, zone)]);
        writer.Write("</p>\n                <p class=\"muted\">");
        if (meeting.IsOrganizer)
        {
            writer.Write("You organize");
        }
        else
        {
            writer.Write("Organized by ");
            encoder.Encode(writer, meeting.OrganizerName);
        }

        writer.Write(" \u00B7 with ");
        for (var i = 0; i < meeting.ParticipantNames.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(", ");
            }

            encoder.Encode(writer, meeting.ParticipantNames[i]);
        }

        if (meeting.OtherParticipants > 0)
        {
            writer.Write(" and ");
            WriteNumber(writer, meeting.OtherParticipants, text);
            writer.Write(meeting.OtherParticipants == 1 ? " other" : " others");
        }

        writer.Write("</p>\n");
        if (meeting.JoinUrl is not null && !meeting.IsOver && meeting.Status is MeetingStatus.Scheduled or MeetingStatus.Scheduling)
        {
            writer.Write("                    <p><a href=\"");
            encoder.Encode(writer, meeting.JoinUrl);
            writer.Write("\" rel=\"noopener noreferrer\" target=\"_blank\">Join meeting</a></p>\n");
        }

        writer.Write("            </li>\n");
    }

    // Digits need no encoding.
    private static void WriteNumber(TextWriter writer, int number, Span<char> buffer)
    {
        number.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    // A zone id may hold characters the encoder escapes ("Etc/GMT+1"): encoded as Razor encodes the string it wrote.
    private static void WriteEncoded(TextWriter writer, HtmlEncoder encoder, ReadOnlySpan<char> value)
    {
        Span<char> encoded = stackalloc char[256];
        while (true)
        {
            var status = encoder.Encode(value, encoded, out var consumed, out var written, isFinalBlock: true);
            writer.Write(encoded[..written]);
            if (status != OperationStatus.DestinationTooSmall)
            {
                return;
            }

            value = value[consumed..];
        }
    }
}

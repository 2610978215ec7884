using System.Net;
using System.Text;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>An email's words, written once and rendered as plain text and as HTML (every value HTML-encoded).</summary>
public sealed class MailBody
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();

    public MailBody Paragraph(string text)
    {
        _text.Append(text).Append("\n\n");
        _html.Append("<p>").Append(WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>\n");
        return this;
    }

    /// <summary>A labelled value ("When: ..."), one line.</summary>
    public MailBody Line(string label, string value)
    {
        _text.Append(label).Append(": ").Append(value).Append('\n');
        _html.Append("<p><strong>").Append(WebUtility.HtmlEncode(label)).Append(":</strong> ").Append(WebUtility.HtmlEncode(value)).Append("</p>\n");
        return this;
    }

    public MailBody Link(string label, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        _text.Append(label).Append(": ").Append(url.AbsoluteUri).Append('\n');
        _html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url.AbsoluteUri)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>\n");
        return this;
    }

    public string Text => _text.ToString().TrimEnd() + "\n\n-- \nInsightGig Meetings\n";

    public string Html => "<!DOCTYPE html>\n<html><body>\n" + _html + "<p>— InsightGig Meetings</p>\n</body></html>\n";
}

namespace InsightGig.Application.Tests.Meetings;

/// <summary>An iCalendar text as content lines (RFC 5545 §3.1: CRLF line ends, folded lines joined back).</summary>
internal static class IcsLines
{
    public static IReadOnlyList<string> Of(string ics)
    {
        ArgumentNullException.ThrowIfNull(ics);
        Assert.Contains("\r\n", ics, StringComparison.Ordinal);
        return [.. ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Replace("\r\n\t", string.Empty, StringComparison.Ordinal)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>The values of every property called <paramref name="name"/> (with or without parameters).</summary>
    public static IReadOnlyList<string> Values(IReadOnlyList<string> lines, string name) =>
        [.. lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..])];

    /// <summary>The one value of <paramref name="name"/>.</summary>
    public static string Value(IReadOnlyList<string> lines, string name) => Assert.Single(Values(lines, name));

    /// <summary>Whole lines of <paramref name="name"/>, parameters included (e.g. ATTENDEE;CN=…;PARTSTAT=…:mailto:…).</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<string> lines, string name) =>
        [.. lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal))];
}

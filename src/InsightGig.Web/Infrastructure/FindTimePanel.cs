using System.Globalization;
using InsightGig.Application.Meetings.FindTime;

namespace InsightGig.Web.Infrastructure;

/// <summary>The "Find a time" controls of the Schedule a meeting dialog, as posted (prefix <c>FindTime</c>).</summary>
public sealed class FindTimeForm
{
    public const int DefaultDurationMinutes = 60;

    /// <summary>Minutes; empty means the default.</summary>
    public int? Duration { get; set; }

    /// <summary>Also offer waking hours outside working time (the button offered when nothing fits).</summary>
    public bool IncludeOutsideWorkingHours { get; set; }

    /// <summary>The slot chosen in the list, as <see cref="FindTimePanel.SlotValue"/> writes it (for "Use this time" without script).</summary>
    public string? Slot { get; set; }

    public int DurationMinutes => Duration ?? DefaultDurationMinutes;
}

/// <summary>What the dialog's "Find a time" area shows: nothing yet, the slots found, why none fit, or why the search was refused.</summary>
/// <param name="Found">The search's answer; null before a search or when it was refused.</param>
/// <param name="Errors">Why the search was refused (bad duration, someone who cannot be invited, ...).</param>
/// <param name="Used">Said after a slot was put into Starting and Ending without script.</param>
public sealed record FindTimePanel(int DurationMinutes, bool IncludeOutsideWorkingHours, FoundTimes? Found, IReadOnlyList<string> Errors, string? Used = null)
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public static FindTimePanel NotSearched { get; } = new(FindTimeForm.DefaultDurationMinutes, false, null, []);

    public bool Searched => Found is not null || Errors.Count > 0;

    /// <summary>A datetime-local input's value ("2026-12-15T14:00").</summary>
    public static string Local(DateTime value) => value.ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>The radio button's value: start and end as the Starting and Ending fields take them, and the organizer's offsets.</summary>
    public static string SlotValue(FoundSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return string.Create(CultureInfo.InvariantCulture, $"{Local(slot.StartLocal)}|{Local(slot.EndLocal)}|{slot.StartOffsetMinutes}|{slot.EndOffsetMinutes}");
    }

    /// <summary>Reads <see cref="SlotValue"/> back; false for anything else (a tampered or empty value).</summary>
    public static bool TryReadSlot(string? value, out DateTime start, out DateTime end, out int startOffset, out int endOffset)
    {
        (start, end, startOffset, endOffset) = (default, default, 0, 0);
        var parts = value?.Split('|') ?? [];
        return parts.Length == 4
            && DateTime.TryParseExact(parts[0], LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
            && DateTime.TryParseExact(parts[1], LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out end)
            && int.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out startOffset)
            && int.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out endOffset)
            && end > start;
    }
}

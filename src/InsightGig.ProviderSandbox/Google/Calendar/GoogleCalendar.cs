namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// A primary calendar. Every change to an event takes the next calendar version; sync tokens are versions,
/// so an incremental list returns the events whose version is newer. Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class GoogleCalendar(string id)
{
    public string Id { get; } = id;

    public Lock Gate { get; } = new();

    public Dictionary<string, CalendarEvent> Events { get; } = new(StringComparer.Ordinal);

    public long Version { get; private set; }

    public long NextVersion() => ++Version;
}

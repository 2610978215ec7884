namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// A primary calendar. Every change to an event takes the next calendar version; sync tokens are versions,
/// so an incremental list returns the events whose version is newer. Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class GoogleCalendar(string id, Action<string>? changed = null)
{
    public string Id { get; } = id;

    public Lock Gate { get; } = new();

    public Dictionary<string, CalendarEvent> Events { get; } = new(StringComparer.Ordinal);

    public long Version { get; private set; }

    /// <summary>Takes the next version for a change; watchers of the calendar (push channels) are told.</summary>
    public long NextVersion()
    {
        Version++;
        changed?.Invoke(Id);
        return Version;
    }
}

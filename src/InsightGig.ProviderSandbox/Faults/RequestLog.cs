namespace InsightGig.ProviderSandbox.Faults;

/// <summary>
/// The last 500 provider requests, oldest first, and how many requests each route answered since the last reset (a
/// benchmark's thousands of requests a minute outrun the 500 kept).
/// </summary>
internal sealed class RequestLog
{
    public const int Capacity = 500;
    private readonly Lock _gate = new();
    private readonly Queue<SandboxRequestLogEntry> _entries = new();
    private readonly Dictionary<(string Provider, string Method, string Route), long> _counts = [];

    /// <param name="entry">The request.</param>
    /// <param name="route">The endpoint's route pattern (e.g. <c>/google/calendar/v3/calendars/{calendarId}/events</c>), counted apart from the path.</param>
    public void Add(SandboxRequestLogEntry entry, string route)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
            var key = (entry.Provider, entry.Method, route);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    public IReadOnlyList<SandboxRequestCount> Counts()
    {
        lock (_gate)
        {
            return [.. _counts.Select(c => new SandboxRequestCount(c.Key.Provider, c.Key.Method, c.Key.Route, c.Value))
                .OrderBy(c => c.Provider, StringComparer.Ordinal).ThenBy(c => c.Route, StringComparer.Ordinal).ThenBy(c => c.Method, StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<SandboxRequestLogEntry> Describe()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _counts.Clear();
        }
    }
}

namespace InsightGig.ProviderSandbox.Faults;

/// <summary>The last 500 provider requests, oldest first.</summary>
internal sealed class RequestLog
{
    public const int Capacity = 500;
    private readonly Lock _gate = new();
    private readonly Queue<SandboxRequestLogEntry> _entries = new();

    public void Add(SandboxRequestLogEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
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
        }
    }
}

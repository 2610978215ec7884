namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>
/// Whether the provider calls made here are background work (jobs: sweeps, retries, token refreshes) or something a user
/// is waiting for (the default). Background work gets only part of each quota and waits for the next window instead of
/// taking what is left; the jobs mark themselves with <see cref="Background"/>.
/// </summary>
public static class ProviderCallPriority
{
    private static readonly AsyncLocal<bool> BackgroundFlag = new();

    public static bool IsBackground => BackgroundFlag.Value;

    /// <summary>Marks the calls made until the scope is disposed (in this async flow) as background work.</summary>
    public static IDisposable Background()
    {
        var previous = BackgroundFlag.Value;
        BackgroundFlag.Value = true;
        return new Restore(previous);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => BackgroundFlag.Value = previous;
    }
}

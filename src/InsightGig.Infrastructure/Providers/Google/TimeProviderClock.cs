using Google.Apis.Util;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>Google.Apis' clock on top of the app's <see cref="TimeProvider"/> (so tests can move time).</summary>
internal sealed class TimeProviderClock(TimeProvider time) : IClock
{
    public DateTime Now => time.GetLocalNow().DateTime;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}

using InsightGig.Infrastructure.Jobs;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary><see cref="TokenRefreshJobs.RetryDelay"/>: the provider's Retry-After when it sent one, else bounded exponential backoff with jitter.</summary>
public sealed class RetryDelayTests
{
    private const int Samples = 500;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(40, 3)]
    [InlineData(600, 6)]
    public void A_Retry_After_is_used_as_asked(int seconds, int attempt) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TokenRefreshJobs.RetryDelay(TimeSpan.FromSeconds(seconds), attempt));

    [Theory]
    [InlineData(1, 4, 6)]
    [InlineData(2, 8, 12)]
    [InlineData(3, 16, 24)]
    [InlineData(4, 32, 48)]
    [InlineData(5, 64, 96)]
    public void Without_Retry_After_the_delay_doubles_per_attempt_with_20_percent_jitter(int attempt, double minSeconds, double maxSeconds)
    {
        foreach (var retryAfter in new TimeSpan?[] { null, TimeSpan.Zero, TimeSpan.FromSeconds(-3) })
        {
            for (var i = 0; i < Samples; i++)
            {
                Assert.InRange(TokenRefreshJobs.RetryDelay(retryAfter, attempt).TotalSeconds, minSeconds, maxSeconds);
            }
        }
    }

    [Fact]
    public void The_backoff_never_exceeds_five_minutes()
    {
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            for (var i = 0; i < Samples; i++)
            {
                var delay = TokenRefreshJobs.RetryDelay(null, attempt);
                Assert.InRange(delay, TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(5));
            }
        }
    }

    [Fact]
    public void The_jitter_spreads_retries()
    {
        var delays = Enumerable.Range(0, Samples).Select(_ => TokenRefreshJobs.RetryDelay(null, 3)).Distinct().Count();

        Assert.True(delays > Samples / 2, $"Only {delays} distinct delays in {Samples}: retries of many connections would arrive together.");
    }
}

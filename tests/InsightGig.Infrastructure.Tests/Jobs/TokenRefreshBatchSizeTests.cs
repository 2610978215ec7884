using InsightGig.Infrastructure.Jobs;

namespace InsightGig.Infrastructure.Tests.Jobs;

public sealed class TokenRefreshBatchSizeTests
{
    [Theory]
    [InlineData(101, 100, 2)]
    [InlineData(20_000, 100, 200)]
    [InlineData(20_001, 101, 199)]
    [InlineData(100_000, 500, 200)]
    [InlineData(1_000_000, 5_000, 200)]
    public void A_large_sweep_enqueues_at_most_200_batch_jobs_covering_every_connection(int expiring, int batchSize, int batches)
    {
        Assert.Equal(batchSize, TokenRefreshJobs.BatchSizeFor(expiring));
        var chunks = Enumerable.Range(0, expiring).Chunk(TokenRefreshJobs.BatchSizeFor(expiring)).ToList();
        Assert.Equal(batches, chunks.Count);
        Assert.InRange(chunks.Count, 1, TokenRefreshJobs.MaxBatchesPerSweep);
        Assert.Equal(expiring, chunks.Sum(c => c.Length));
    }
}

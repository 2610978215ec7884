using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>Requests counted against one quota in one window (shared by every app instance through the database).</summary>
internal sealed class ProviderQuotaCounter
{
    public const int KeyMaxLength = 200;

    public ProviderQuotaCounter(string key, DateTimeOffset windowStartUtc, int count)
    {
        Key = key;
        WindowStartUtc = windowStartUtc;
        Count = count;
    }

    public string Key { get; private set; }

    public DateTimeOffset WindowStartUtc { get; private set; }

    public int Count { get; private set; }
}

internal sealed class ProviderQuotaCounterConfiguration : IEntityTypeConfiguration<ProviderQuotaCounter>
{
    public void Configure(EntityTypeBuilder<ProviderQuotaCounter> builder)
    {
        builder.HasKey(c => new { c.Key, c.WindowStartUtc });
        builder.Property(c => c.Key).HasMaxLength(ProviderQuotaCounter.KeyMaxLength);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Webhooks;

/// <summary>A webhook delivery already accepted, by the hash of its signature: a replay of it is refused.</summary>
internal sealed class WebhookReceipt
{
    public WebhookReceipt(string id, string source, DateTimeOffset receivedAtUtc)
    {
        Id = id;
        Source = source;
        ReceivedAtUtc = receivedAtUtc;
    }

    public string Id { get; private set; }

    public string Source { get; private set; }

    public DateTimeOffset ReceivedAtUtc { get; private set; }
}

internal sealed class WebhookReceiptConfiguration : IEntityTypeConfiguration<WebhookReceipt>
{
    public void Configure(EntityTypeBuilder<WebhookReceipt> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.Source).HasMaxLength(50);
        builder.HasIndex(r => r.ReceivedAtUtc);
    }
}

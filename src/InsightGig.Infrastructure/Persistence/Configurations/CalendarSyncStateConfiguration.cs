using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class CalendarSyncStateConfiguration : IEntityTypeConfiguration<CalendarSyncState>
{
    public void Configure(EntityTypeBuilder<CalendarSyncState> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.AccountEmail).HasMaxLength(254);
        builder.Property(s => s.SyncToken).HasMaxLength(CalendarSyncState.SyncTokenMaxLength);
        builder.Property(s => s.LastError).HasMaxLength(500);
        builder.Property(s => s.ChannelId).HasMaxLength(CalendarSyncState.ChannelIdMaxLength);
        builder.Property(s => s.ChannelResourceId).HasMaxLength(500);
        builder.Property(s => s.ChannelTokenHash).HasMaxLength(200);
        builder.Ignore(s => s.HasChannel);
        // One state per connection; it goes with the connection (a disconnect keeps the row, a deleted person does not).
        builder.HasOne<ProviderConnection>().WithMany().HasForeignKey(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ConnectionId).IsUnique();
        builder.HasIndex(s => s.PersonId);
        builder.HasIndex(s => s.ChannelId).IsUnique();
        // The sweep takes due calendars earliest first, among those not parked: a range of this index, never the parked ones.
        builder.HasIndex(s => new { s.Parked, s.NextSyncDueAtUtc });
    }
}

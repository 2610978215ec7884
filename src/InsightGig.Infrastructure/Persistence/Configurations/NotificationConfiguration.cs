using InsightGig.Domain.Directory;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(Notification.KindMaxLength);
        builder.Property(n => n.Key).HasMaxLength(Notification.KeyMaxLength);
        // One reminder per meeting, person and offset, one alert per incident, whatever the number of app instances.
        builder.HasIndex(n => n.Key).IsUnique();
        builder.Property(n => n.RecipientEmail).HasMaxLength(254);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.LastError).HasMaxLength(Notification.ErrorMaxLength);
        builder.Property(n => n.Subject).HasMaxLength(Notification.SubjectMaxLength);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.Ignore(n => n.IsRendered);
        builder.HasOne<Person>().WithMany().HasForeignKey(n => n.RecipientPersonId).OnDelete(DeleteBehavior.Cascade);
        // The send sweep's query; and a meeting's reminders, found when it moves.
        builder.HasIndex(n => new { n.Status, n.NextAttemptAtUtc });
        builder.HasIndex(n => new { n.AboutId, n.Kind });
    }
}

internal sealed class ReminderOptOutConfiguration : IEntityTypeConfiguration<ReminderOptOut>
{
    public void Configure(EntityTypeBuilder<ReminderOptOut> builder)
    {
        builder.HasKey(o => new { o.PersonId, o.OffsetMinutes });
        builder.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

using InsightGig.Domain.Directory;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.ContextKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.VideoProvider).HasMaxLength(50);
        builder.Property(m => m.Title).HasMaxLength(Meeting.TitleMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Meeting.DescriptionMaxLength);
        builder.Property(m => m.TimeZoneId).HasMaxLength(64);
        builder.Property(m => m.JoinUrl).HasMaxLength(2048);
        builder.Property(m => m.ProviderMeetingId).HasMaxLength(200);
        builder.Property(m => m.CalendarEventId).HasMaxLength(1024);
        builder.Property(m => m.FailureReason).HasMaxLength(1000);
        builder.Ignore(m => m.Duration);
        builder.Ignore(m => m.NeedsCleanup);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.ContextKind, m.ContextId });
        builder.HasIndex(m => m.OrganizerId);
        builder.OwnsMany(m => m.Participants, participant =>
        {
            participant.ToTable("MeetingParticipants");
            participant.WithOwner().HasForeignKey("MeetingId");
            participant.HasKey("MeetingId", nameof(MeetingParticipant.PersonId));
            participant.Property(p => p.Email).HasMaxLength(254);
            participant.Property(p => p.FullName).HasMaxLength(200);
            participant.HasIndex(p => p.PersonId);
        });
        builder.Navigation(m => m.Participants).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_participants");
    }
}

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
        builder.Property(m => m.PlatformKey).HasMaxLength(50);
        builder.Property(m => m.Title).HasMaxLength(Meeting.TitleMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Meeting.DescriptionMaxLength);
        builder.Property(m => m.TimeZoneId).HasMaxLength(64);
        builder.Property(m => m.JoinUrl).HasMaxLength(2048);
        builder.Property(m => m.ProviderMeetingId).HasMaxLength(200);
        builder.Property(m => m.CalendarEventId).HasMaxLength(Meeting.CalendarEventIdMaxLength);
        builder.Property(m => m.CalendarEventUid).HasMaxLength(Meeting.CalendarEventUidMaxLength);
        builder.Property(m => m.FailureReason).HasMaxLength(1000);
        builder.Property(m => m.SubmissionFingerprint).HasMaxLength(Meeting.SubmissionFingerprintLength);
        builder.Ignore(m => m.Duration);
        builder.Ignore(m => m.NeedsCleanup);
        builder.Ignore(m => m.IsConverging);
        builder.Property(m => m.Version).IsConcurrencyToken();
        // Fences a set-up taken over by the sweep: the request (or worker) that lost the lease can no longer save over it.
        builder.Property(m => m.SetUpStartedAtUtc).IsConcurrencyToken();
        builder.Property(m => m.CalendarEtag).HasMaxLength(200);
        builder.Property(m => m.SyncProblem).HasMaxLength(500);
        builder.Property(m => m.CancellationNote).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.EndUtc });
        // The reminder planner's query: meetings on, starting within an offset plus the horizon from now.
        builder.HasIndex(m => new { m.Status, m.StartUtc });
        builder.OwnsMany(m => m.History, change =>
        {
            change.ToTable("MeetingChanges");
            change.WithOwner().HasForeignKey("MeetingId");
            change.HasKey("MeetingId", nameof(MeetingChange.Sequence));
            change.Property(c => c.Sequence).ValueGeneratedNever();
            change.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.Summary).HasMaxLength(500);
            change.Property(c => c.SourceName).HasMaxLength(100);
        });
        builder.Navigation(m => m.History).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_history");
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.ContextKind, m.ContextId });
        builder.HasIndex(m => m.OrganizerId);
        // The calendar sweep looks up, per calendar connection, whether it holds a live meeting's event.
        builder.HasIndex(m => m.CalendarConnectionId);
        builder.OwnsMany(m => m.Participants, participant =>
        {
            participant.ToTable("MeetingParticipants");
            participant.WithOwner().HasForeignKey("MeetingId");
            participant.HasKey("MeetingId", nameof(MeetingParticipant.PersonId));
            // The person's id is ours, never generated: a participant added to the collection is an INSERT, not an UPDATE.
            participant.Property(p => p.PersonId).ValueGeneratedNever();
            participant.Property(p => p.Email).HasMaxLength(254);
            participant.Property(p => p.FullName).HasMaxLength(200);
            participant.HasIndex(p => p.PersonId);
            participant.Property(p => p.Response).HasConversion<string>().HasMaxLength(20);
            // Rows from before answers were kept have these columns empty: read as no answer yet.
            participant.Property(p => p.ResponseSource).HasConversion(
                source => source.ToString(), text => string.IsNullOrEmpty(text) ? ResponseSource.None : Enum.Parse<ResponseSource>(text)).HasMaxLength(20);
            participant.Property(p => p.ResponseSourceName).HasMaxLength(100);
            participant.Property(p => p.CalendarReportedResponse).HasConversion(
                response => response.ToString(), text => string.IsNullOrEmpty(text) ? ResponseStatus.Awaiting : Enum.Parse<ResponseStatus>(text)).HasMaxLength(20);
            participant.Ignore(p => p.AnswerToWrite);
        });
        builder.Ignore(m => m.HasAnswersToWrite);
        builder.OwnsMany(m => m.Proposals, proposal =>
        {
            proposal.ToTable("MeetingProposals");
            proposal.WithOwner().HasForeignKey("MeetingId");
            proposal.HasKey(p => p.Id);
            proposal.Property(p => p.Id).ValueGeneratedNever();
            proposal.Property(p => p.Note).HasMaxLength(MeetingProposal.NoteMaxLength);
            // Of an accept and a dismiss of the same proposal at once, the second finds it changed and is refused.
            proposal.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            proposal.Ignore(p => p.IsOpen);
            // My meetings counts open proposals per meeting.
            proposal.HasIndex("MeetingId", nameof(MeetingProposal.Status));
        });
        builder.Navigation(m => m.Proposals).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_proposals");
        builder.Navigation(m => m.Participants).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_participants");
    }
}

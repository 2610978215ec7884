using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class ProviderUndoConfiguration : IEntityTypeConfiguration<ProviderUndo>
{
    public void Configure(EntityTypeBuilder<ProviderUndo> builder)
    {
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.Provider).HasMaxLength(ProviderUndo.ProviderMaxLength);
        builder.Property(u => u.ItemId).HasMaxLength(ProviderUndo.ItemIdMaxLength);
        builder.Property(u => u.LastProblem).HasMaxLength(ProviderUndo.ProblemMaxLength);
        // No foreign key to the meeting: what was made at a provider stays there whatever becomes of the meeting's row.
        // The job's query: the ones due, earliest first.
        builder.HasIndex(u => u.NextAttemptAtUtc);
    }
}

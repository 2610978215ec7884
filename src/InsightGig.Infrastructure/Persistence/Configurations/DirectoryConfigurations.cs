using InsightGig.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(200);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("People");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FullName).HasMaxLength(200);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.HasIndex(p => p.Email).IsUnique();
        builder.Property(p => p.TimeZoneId).HasMaxLength(64);
        // One text column ("Mon 09:00-18:00; Tue …") in every database; people saved before it work the default hours.
        builder.Property(p => p.WorkingHours)
            .HasConversion(hours => hours.ToString(), text => WorkingHours.Parse(text).Value)
            .HasMaxLength(200)
            .HasDefaultValue(WorkingHours.Default);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExpertConfiguration : IEntityTypeConfiguration<Expert>
{
    public void Configure(EntityTypeBuilder<Expert> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasOne<Person>().WithOne().HasForeignKey<Expert>(e => e.Id).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Headline).HasMaxLength(200);
        builder.Property(e => e.Location).HasMaxLength(200);
        builder.PrimitiveCollection(e => e.Expertise).HasField("_expertise").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class BriefConfiguration : IEntityTypeConfiguration<Brief>
{
    public void Configure(EntityTypeBuilder<Brief> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Title).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(b => b.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(b => b.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(b => b.ExpertId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.OrganisationId);
        builder.HasIndex(b => b.ExpertId);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.OrganisationId);
        builder.OwnsMany(p => p.Collaborators, collaborator =>
        {
            collaborator.ToTable("ProjectCollaborators");
            collaborator.WithOwner().HasForeignKey(c => c.ProjectId);
            collaborator.HasKey(c => new { c.ProjectId, c.PersonId });
            collaborator.Property(c => c.Role).HasConversion<string>().HasMaxLength(20);
            collaborator.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
            collaborator.HasIndex(c => c.PersonId);
        });
        builder.Navigation(p => p.Collaborators).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_collaborators");
    }
}

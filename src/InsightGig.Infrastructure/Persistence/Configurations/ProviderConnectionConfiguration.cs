using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InsightGig.Infrastructure.Persistence.Configurations;

internal sealed class ProviderConnectionConfiguration : IEntityTypeConfiguration<ProviderConnection>
{
    /// <summary>Shadow column: until when one worker holds the right to refresh this connection's tokens.</summary>
    public const string RefreshLeaseUntil = "RefreshLeaseUntilUtc";

    /// <summary>Shadow column: the page of a token refresh drain job that holds this connection (see <see cref="RefreshClaimedUntil"/>).</summary>
    public const string RefreshClaim = "RefreshClaimId";

    /// <summary>Shadow column: until when <see cref="RefreshClaim"/> holds; a crashed drain job's page is free again after it.</summary>
    public const string RefreshClaimedUntil = "RefreshClaimedUntilUtc";

    public void Configure(EntityTypeBuilder<ProviderConnection> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Provider).HasMaxLength(50);
        builder.Property(c => c.ExternalAccountId).HasMaxLength(200);
        builder.Property(c => c.AccountEmail).HasMaxLength(254);
        builder.Property(c => c.Scopes).HasMaxLength(2000);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.LastError).HasMaxLength(500);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsUsable);
        builder.Ignore(c => c.DomainEvents);
        builder.Property<DateTimeOffset?>(RefreshLeaseUntil);
        builder.Property<Guid?>(RefreshClaim);
        builder.Property<DateTimeOffset?>(RefreshClaimedUntil);
        // The sweep counts the drain jobs at work by their live claims: a range over this index, not a scan.
        builder.HasIndex(RefreshClaimedUntil);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.PersonId, c.Provider }).IsUnique();
        builder.HasIndex(c => new { c.Status, c.AccessTokenExpiresAtUtc });
    }
}

internal sealed class AccountLinkAttemptConfiguration : IEntityTypeConfiguration<AccountLinkAttempt>
{
    public void Configure(EntityTypeBuilder<AccountLinkAttempt> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Provider).HasMaxLength(50);
        builder.Property(a => a.State).HasMaxLength(200);
        builder.HasIndex(a => a.State).IsUnique();
        builder.Property(a => a.ProtectedCodeVerifier).HasMaxLength(2000);
        builder.Property(a => a.RedirectUri).HasMaxLength(2048);
        builder.Property(a => a.ReturnUrl).HasMaxLength(2048);
        builder.Property(a => a.Outcome).HasMaxLength(100);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

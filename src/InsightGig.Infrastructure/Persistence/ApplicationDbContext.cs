using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// The one database of the modular monolith: domain aggregates, Identity and the Data Protection key ring
/// (shared by all app instances). Each database provider has a subclass that owns its migrations.
/// </summary>
public abstract class ApplicationDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IApplicationDbContext, IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Expert> Experts => Set<Expert>();

    public DbSet<Brief> Briefs => Set<Brief>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<ProviderConnection> ProviderConnections => Set<ProviderConnection>();

    public DbSet<AccountLinkAttempt> AccountLinkAttempts => Set<AccountLinkAttempt>();

    public DbSet<CalendarSyncState> CalendarSyncStates => Set<CalendarSyncState>();

    public DbSet<ProviderUndo> ProviderUndos => Set<ProviderUndo>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ReminderOptOut> ReminderOptOuts => Set<ReminderOptOut>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        EntityConfigurations.ApplyTo(builder);
    }
}

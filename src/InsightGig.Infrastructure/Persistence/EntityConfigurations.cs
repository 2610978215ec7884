using InsightGig.Infrastructure.Persistence.Configurations;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// The entity type configurations of <see cref="ApplicationDbContext"/>, listed by full name. Not found with
/// <c>ApplyConfigurationsFromAssembly</c>: that loads every type of this assembly to look for them, and with those types
/// every provider's library whether the deployment uses it or not (the Graph SDK alone is 7 MiB resident;
/// docs/performance.md, "Memory: what the process holds").
/// A configuration added and not listed here fails <c>EntityConfigurationsTests</c>.
/// </summary>
internal static class EntityConfigurations
{
    public static void ApplyTo(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new AccountLinkAttemptConfiguration());
        builder.ApplyConfiguration(new BriefConfiguration());
        builder.ApplyConfiguration(new CalendarSyncStateConfiguration());
        builder.ApplyConfiguration(new ExpertConfiguration());
        builder.ApplyConfiguration(new MeetingConfiguration());
        builder.ApplyConfiguration(new NotificationConfiguration());
        builder.ApplyConfiguration(new OrganisationConfiguration());
        builder.ApplyConfiguration(new PersonConfiguration());
        builder.ApplyConfiguration(new ProjectConfiguration());
        builder.ApplyConfiguration(new ProviderConnectionConfiguration());
        builder.ApplyConfiguration(new ProviderUndoConfiguration());
        builder.ApplyConfiguration(new ReminderOptOutConfiguration());
        builder.ApplyConfiguration(new ProviderQuotaCounterConfiguration());
        builder.ApplyConfiguration(new WebhookReceiptConfiguration());
    }
}

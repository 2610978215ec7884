using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Common.Interfaces;

/// <summary>The application's unit of work: the aggregates it reads and saves. Infrastructure implements it with EF Core.</summary>
public interface IApplicationDbContext
{
    DbSet<Organisation> Organisations { get; }

    DbSet<Person> People { get; }

    DbSet<Expert> Experts { get; }

    DbSet<Brief> Briefs { get; }

    DbSet<Project> Projects { get; }

    DbSet<Meeting> Meetings { get; }

    DbSet<ProviderConnection> ProviderConnections { get; }

    DbSet<AccountLinkAttempt> AccountLinkAttempts { get; }

    DbSet<CalendarSyncState> CalendarSyncStates { get; }

    /// <summary>What failed set-ups must still give back at providers, worked through by a background job.</summary>
    DbSet<ProviderUndo> ProviderUndos { get; }

    /// <summary>The outbox: emails written with the change that causes them, sent by a background job.</summary>
    DbSet<Notification> Notifications { get; }

    DbSet<ReminderOptOut> ReminderOptOuts { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}

using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// A hook that adds to a save, before it, the changes that must commit with it (<see cref="PlanAsync"/>), for the app's
/// context only, in both the async and the sync save.
/// </summary>
/// <remarks>
/// The plan sees the tracker after one <c>DetectChanges</c>, with automatic detection off while it runs: each
/// <c>Entries&lt;T&gt;()</c> or <c>Local</c> would otherwise scan every tracked entity again (a meeting, its participants and
/// its reminders: 28 full scans in a create's three saves, 9 % of its managed CPU samples, docs/performance.md). What a
/// plan adds is tracked at once; a plan that changes tracked entities and then reads their state calls
/// <c>DetectChanges</c> itself, and EF Core detects once more after the interceptors, before it writes.
/// </remarks>
internal abstract class PlanningSaveChangesInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            await PlanDetectedAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            PlanDetectedAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    /// <summary>Adds what must commit with the save; called with the tracker's changes detected and automatic detection off.</summary>
    protected abstract Task PlanAsync(ApplicationDbContext context, CancellationToken cancellationToken);

    private async Task PlanDetectedAsync(ApplicationDbContext context, CancellationToken cancellationToken)
    {
        var tracker = context.ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            await PlanAsync(context, cancellationToken);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// A hook that adds to a save, before it, the changes that must commit with it (<see cref="PlanAsync"/>), for the app's
/// context only, in both the async and the sync save.
/// </summary>
/// <remarks>
/// One full <c>DetectChanges</c> per save: the first hook of a save scans the tracker, and a plan detects what it changes
/// itself, entity by entity (<see cref="EntityEntry.DetectChanges"/>), so the next hook and EF Core's own scan before it
/// writes are skipped (automatic detection off from the first hook to the end of the save, then restored). Each scan
/// boxes every tracked property's value and allocates per key: a create's three saves scanned 10 times, about 18 % of
/// its allocations (docs/performance.md, sched4). EF Core hands all interceptors of one save the same event data, which
/// is how a hook knows it is not the first.
/// </remarks>
internal abstract class PlanningSaveChangesInterceptor : SaveChangesInterceptor
{
    /// <summary>The save under way on each context, until it ends and its detection setting is given back.</summary>
    private static readonly ConditionalWeakTable<DbContext, SaveInProgress> Open = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            await PlanDetectedAsync(context, eventData, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            PlanDetectedAsync(context, eventData, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndSave(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSave(eventData?.Context);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData?.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndSave(eventData?.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData?.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => EndSave(eventData?.Context);

    /// <summary>
    /// Adds what must commit with the save; called with the tracker's changes detected and automatic detection off. A plan
    /// that changes tracked entities detects those entities itself (<see cref="EntityEntry.DetectChanges"/>) before it
    /// returns: nothing scans the whole tracker after it.
    /// </summary>
    protected abstract Task PlanAsync(ApplicationDbContext context, CancellationToken cancellationToken);

    /// <summary>Detects the tracked entities of one type only: what a plan changed, without scanning the whole tracker.</summary>
    protected static void DetectChangesOf<TEntity>(ChangeTracker tracker)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(tracker);
        foreach (var entry in tracker.Entries<TEntity>())
        {
            entry.DetectChanges();
        }
    }

    private async Task PlanDetectedAsync(ApplicationDbContext context, DbContextEventData eventData, CancellationToken cancellationToken)
    {
        var tracker = context.ChangeTracker;
        if (!Open.TryGetValue(context, out var save) || !ReferenceEquals(save.EventData, eventData))
        {
            // The first hook of this save scans the tracker. (A save whose end no hook heard would have left detection off:
            // given back first, so a save never starts from another save's setting.)
            EndSave(context);
            save = new SaveInProgress(eventData, tracker.AutoDetectChangesEnabled);
            Open.AddOrUpdate(context, save);
            tracker.DetectChanges();
        }

        tracker.AutoDetectChangesEnabled = false;
        try
        {
            await PlanAsync(context, cancellationToken);
        }
        catch
        {
            EndSave(context);
            throw;
        }
    }

    /// <summary>Gives the context back the detection setting its save started with.</summary>
    private static void EndSave(DbContext? context)
    {
        if (context is not null && Open.TryGetValue(context, out var save))
        {
            Open.Remove(context);
            context.ChangeTracker.AutoDetectChangesEnabled = save.AutoDetectChanges;
        }
    }

    /// <summary>A save's event data (the same object for every hook of one save) and the detection setting it started with.</summary>
    private sealed record SaveInProgress(DbContextEventData EventData, bool AutoDetectChanges);
}

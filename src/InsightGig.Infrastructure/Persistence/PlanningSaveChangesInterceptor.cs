using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// A hook that adds to a save, before it, the changes that must commit with it (<see cref="PlanAsync"/>), for the app's
/// context only, in both the async and the sync save.
/// </summary>
internal abstract class PlanningSaveChangesInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            await PlanAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context)
        {
            PlanAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    protected abstract Task PlanAsync(ApplicationDbContext context, CancellationToken cancellationToken);
}

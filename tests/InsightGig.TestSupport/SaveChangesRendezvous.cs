using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.TestSupport;

/// <summary>
/// Makes a race happen instead of hoping for it: once armed, the first <c>parties</c> SaveChanges calls whose context
/// matches a condition (say "adds a meeting") are held until all of them have arrived, then let go together. So every
/// caller of a race test has done its reads (the "does it exist yet?", "which version is it?") before any of them writes,
/// whatever the thread pool and the database do. <see cref="Arrived"/> tells the test how many really met. A caller that
/// waits longer than <see cref="Timeout"/> goes on alone (the test then sees fewer arrivals, never a hang). Disarmed, it
/// does nothing.
/// </summary>
public sealed class SaveChangesRendezvous : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private Func<DbContext, bool>? _when;
    private int _parties;
    private int _arrived;
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>How many SaveChanges calls were held since <see cref="Arm"/>.</summary>
    public int Arrived
    {
        get
        {
            lock (_gate)
            {
                return _arrived;
            }
        }
    }

    /// <summary>Holds the next <paramref name="parties"/> saves whose context matches <paramref name="when"/> until they are all there.</summary>
    public void Arm(int parties, Func<DbContext, bool> when)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 2);
        ArgumentNullException.ThrowIfNull(when);
        lock (_gate)
        {
            _when = when;
            _parties = parties;
            _arrived = 0;
            _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _when = null;
            _allArrived.TrySetResult();
        }
    }

    /// <summary>A condition for <see cref="Arm"/>: the context is about to save an entity of type <typeparamref name="T"/> in <paramref name="state"/>.</summary>
    public static Func<DbContext, bool> Saving<T>(EntityState state)
        where T : class => context => context.ChangeTracker.Entries<T>().Any(e => e.State == state);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Task? allArrived = null;
        lock (_gate)
        {
            if (_when is { } when && _arrived < _parties && eventData.Context is { } context && when(context))
            {
                _arrived++;
                if (_arrived == _parties)
                {
                    _allArrived.TrySetResult();
                }

                allArrived = _allArrived.Task;
            }
        }

        if (allArrived is not null)
        {
            try
            {
                await allArrived.WaitAsync(Timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The others never came (the code under test serialized them, or fewer got this far): go on; Arrived says so.
            }
        }

        return result;
    }
}

public static class SaveChangesRendezvousRegistration
{
    /// <summary>Adds <paramref name="interceptor"/> to the app's DbContext of <paramref name="provider"/> (pooled contexts included).</summary>
    public static IServiceCollection AddDbContextInterceptor(this IServiceCollection services, DatabaseProvider provider, IInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        return provider switch
        {
            DatabaseProvider.Sqlite => services.ConfigureDbContext<SqliteApplicationDbContext>(o => o.AddInterceptors(interceptor)),
            DatabaseProvider.PostgreSql => services.ConfigureDbContext<PostgreSqlApplicationDbContext>(o => o.AddInterceptors(interceptor)),
            _ => services.ConfigureDbContext<SqlServerApplicationDbContext>(o => o.AddInterceptors(interceptor)),
        };
    }
}

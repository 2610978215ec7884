using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InsightGig.TestSupport;

/// <summary>
/// Makes the process "die" at a chosen save, in process: once armed, the first SaveChanges whose context matches a condition
/// throws <see cref="SimulatedCrashException"/> before anything of it is written, and the crash disarms itself. What the
/// code under test did before that save (a provider call, an earlier save) stays done, as after a real kill. Disarmed, it
/// does nothing.
/// </summary>
public sealed class SaveChangesCrash : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private Func<DbContext, bool>? _when;
    private int _crashed;

    /// <summary>How many saves were stopped since the app started.</summary>
    public int Crashed
    {
        get
        {
            lock (_gate)
            {
                return _crashed;
            }
        }
    }

    /// <summary>The next save whose context matches <paramref name="when"/> throws instead of writing.</summary>
    public void Arm(Func<DbContext, bool> when)
    {
        ArgumentNullException.ThrowIfNull(when);
        lock (_gate)
        {
            _when = when;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _when = null;
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        CrashIfArmed(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        CrashIfArmed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void CrashIfArmed(DbContext? context)
    {
        lock (_gate)
        {
            if (_when is not { } when || context is null || !when(context))
            {
                return;
            }

            _when = null;
            _crashed++;
        }

        throw new SimulatedCrashException();
    }
}

/// <summary>The process "died" at this save (<see cref="SaveChangesCrash"/>): nothing of it was written.</summary>
public sealed class SimulatedCrashException() : Exception("Simulated crash: the process died before this save.");

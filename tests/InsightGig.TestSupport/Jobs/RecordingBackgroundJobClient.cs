using System.Collections.Concurrent;
using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace InsightGig.TestSupport.Jobs;

/// <summary>
/// An <see cref="IBackgroundJobClient"/> that stores and runs nothing: it records each job created (enqueued or scheduled),
/// so a test sees exactly what a job would have fanned out or rescheduled.
/// </summary>
public sealed class RecordingBackgroundJobClient : IBackgroundJobClient
{
    private readonly ConcurrentQueue<RecordedJob> _jobs = new();
    private int _lastId;

    /// <summary>Every job created so far, in order.</summary>
    public IReadOnlyList<RecordedJob> Jobs => [.. _jobs];

    /// <summary>Jobs created in the enqueued state (<c>Enqueue</c>).</summary>
    public IReadOnlyList<RecordedJob> Enqueued => [.. _jobs.Where(j => j.State is EnqueuedState)];

    /// <summary>Jobs created in the scheduled state (<c>Schedule</c>).</summary>
    public IReadOnlyList<RecordedJob> Scheduled => [.. _jobs.Where(j => j.State is ScheduledState)];

    public string Create(Job job, IState state)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(state);
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        _jobs.Enqueue(new RecordedJob(id, job, state));
        return id;
    }

    public bool ChangeState(string jobId, IState state, string expectedState) =>
        throw new NotSupportedException("The recording job client only records created jobs.");

    public void Clear() => _jobs.Clear();
}

/// <summary>A job the <see cref="RecordingBackgroundJobClient"/> was asked to create.</summary>
public sealed record RecordedJob(string Id, Job Job, IState State)
{
    public Type Type => Job.Type;

    public string MethodName => Job.Method.Name;

    public IReadOnlyList<object> Args => Job.Args;

    /// <summary>For a scheduled job: how long after its creation it would be enqueued.</summary>
    public TimeSpan? Delay => State is ScheduledState scheduled ? scheduled.EnqueueAt - scheduled.ScheduledAt : null;
}

using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Infrastructure.Providers.Quotas;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Retries bringing a meeting's providers in step with it, with backoff that honours Retry-After, and a periodic sweep
/// that picks up any meeting left out of step (a crash, an exhausted retry, a reconnected account). A provider outage
/// delays a change; it never loses it. A meeting whose set-up outlived its lease (<see cref="JobOptions.SetUpLease"/>: the
/// request doing it died) is taken over: completed, or undone and marked failed.
/// </summary>
public sealed partial class MeetingSyncJobs(
    ISender sender, IBackgroundJobClient jobs, IOptions<JobOptions> options, TimeProvider clock, ILogger<MeetingSyncJobs> logger)
{
    public const string RecurringJobId = "converge-meetings-out-of-step";
    public const string UndoRecurringJobId = "undo-at-providers";
    public const int MaxAttempts = 8;

    [DisplayName("Bring meeting {0} in step with Zoom and Google (attempt {1})")]
    [AutomaticRetry(Attempts = 0)]
    public async Task ConvergeAsync(Guid meetingId, int attempt, CancellationToken cancellationToken)
    {
        using var priority = ProviderCallPriority.Background();
        var outcome = await sender.Send(new ConvergeMeetingCommand(meetingId, SetUpAbandonedBefore()), cancellationToken);
        if (outcome.State == ConvergeState.RetryLater && attempt < MaxAttempts)
        {
            var delay = TokenRefreshJobs.RetryDelay(outcome.RetryAfter, attempt);
            jobs.Schedule<MeetingSyncJobs>(job => job.ConvergeAsync(meetingId, attempt + 1, CancellationToken.None), delay);
            LogRetry(meetingId, attempt, delay.TotalSeconds, outcome.Problem);
        }
        else if (outcome.State == ConvergeState.RetryLater)
        {
            // The retries ran out: the organizer hears of it (the sweep still tries again later).
            await sender.Send(new GiveUpConvergingCommand(meetingId), cancellationToken);
        }
    }

    [DisplayName("Find meetings out of step with Zoom or Google and converge each")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var ids = await sender.Send(new ListMeetingsOutOfStepQuery(SetUpStartedBefore: SetUpAbandonedBefore()), cancellationToken);
        foreach (var id in ids)
        {
            jobs.Enqueue<MeetingSyncJobs>(job => job.ConvergeAsync(id, 1, CancellationToken.None));
        }

        return ids.Count;
    }

    [DisplayName("Give back at providers what failed set-ups could not undo at the time")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<UndoAtProvidersOutcome> UndoAtProvidersAsync(CancellationToken cancellationToken)
    {
        using var priority = ProviderCallPriority.Background();
        return await sender.Send(new UndoAtProvidersCommand(options.Value.ProviderUndoGiveUpAfter), cancellationToken);
    }

    private DateTimeOffset SetUpAbandonedBefore() => clock.GetUtcNow() - options.Value.SetUpLease;

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {MeetingId} not in step after attempt {Attempt}; retrying in {DelaySeconds:0} s ({Problem})")]
    private partial void LogRetry(Guid meetingId, int attempt, double delaySeconds, string? problem);
}

/// <summary>Queues background convergence with Hangfire.</summary>
internal sealed class HangfireMeetingSyncScheduler(IBackgroundJobClient jobs) : IMeetingSyncScheduler
{
    public void Enqueue(Guid meetingId, TimeSpan delay) =>
        jobs.Schedule<MeetingSyncJobs>(job => job.ConvergeAsync(meetingId, 1, CancellationToken.None), delay);
}

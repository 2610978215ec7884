using System.Diagnostics;
using Hangfire.Server;
using InsightGig.Application.Common.Telemetry;

namespace InsightGig.Infrastructure.Telemetry;

/// <summary>
/// One span per Hangfire job run (<c>job Type.Method</c>), the parent of the job's database and provider calls, tagged
/// with the job id and the ids it was given (a meeting, an organizer, a connection), failed when the job threw.
/// </summary>
internal sealed class JobTelemetryFilter : IServerFilter
{
    private const string ActivityKey = "InsightGig.Telemetry.Activity";

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var activity = InsightGigTelemetry.ActivitySource.StartActivity($"job {job.Type.Name}.{job.Method.Name}", ActivityKind.Internal);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(InsightGigTelemetry.JobIdTag, context.BackgroundJob.Id);
        activity.SetTag(InsightGigTelemetry.JobNameTag, $"{job.Type.Name}.{job.Method.Name}");
        var parameters = job.Method.GetParameters();
        for (var i = 0; i < parameters.Length && i < job.Args.Count; i++)
        {
            if (job.Args[i] is Guid id && TagFor(parameters[i].Name) is { } tag)
            {
                activity.SetTag(tag, id.ToString());
            }
        }

        context.Items[ActivityKey] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(ActivityKey, out var item) || item is not Activity activity)
        {
            return;
        }

        if (context.Exception is { } exception && !context.ExceptionHandled)
        {
            // The type only: an exception's message may quote what it was handling.
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        activity.Stop();
    }

    /// <summary>Ids by the job method's parameter names; only ids, never other arguments.</summary>
    private static string? TagFor(string? parameter) => parameter switch
    {
        "meetingId" => InsightGigTelemetry.MeetingIdTag,
        "connectionId" => InsightGigTelemetry.ConnectionIdTag,
        "organizerId" or "personId" => InsightGigTelemetry.PersonIdTag,
        _ => null,
    };
}

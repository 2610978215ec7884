using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Web.Endpoints;

/// <summary>
/// Benchmark-only: <c>GET /_bench/projects/{id}</c> runs exactly the queries the project collaboration page runs (the
/// project with its collaborators, its upcoming meetings, the scheduling dialog's options), as the same signed-in user,
/// and answers them as JSON instead of HTML. <c>./build/bench.sh</c> compares the page with it to price the page's own
/// work (Razor, antiforgery, TempData) apart from the database reads. Mapped only when <c>Benchmarks:BareEndpoints</c>
/// is <c>true</c>; never by default. <c>GET /_bench/allocated</c> answers the bytes the process has allocated so far.
/// </summary>
internal static class BenchmarkEndpoints
{
    public const string Setting = "Benchmarks:BareEndpoints";

    public static WebApplication MapBenchmarkEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(Setting))
        {
            return app;
        }

        // Signed-in users only, like the page (the fallback policy applies to endpoints too).
        app.MapGet("/_bench/projects/{id:guid}", ProjectAsync).ExcludeFromDescription();
        // The bytes this process has allocated so far: read before and after a wrk run, the benchmark divides the difference
        // by the run's requests (allocation per request, steadier on a busy machine than time).
        app.MapGet("/_bench/allocated", () => Results.Ok(new AllocatedBytes(GC.GetTotalAllocatedBytes(precise: false)))).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ProjectAsync(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        var project = await sender.Send(new GetProjectCollaborationQuery(id), cancellationToken);
        if (project.IsFailure)
        {
            return Results.NotFound();
        }

        var meetings = await sender.Send(new ListContextMeetingsQuery(MeetingContextKind.Project, id), cancellationToken);
        var scheduling = await sender.Send(new GetSchedulingOptionsQuery(MeetingContextKind.Project, id), cancellationToken);
        return Results.Ok(new ProjectPageData(project.Value, meetings, scheduling.IsSuccess ? scheduling.Value : null));
    }

    /// <summary>What <c>GC.GetTotalAllocatedBytes</c> answered.</summary>
    internal sealed record AllocatedBytes(long Bytes);

    /// <summary>What the page shows, as data.</summary>
    internal sealed record ProjectPageData(ProjectCollaboration Project, IReadOnlyList<MeetingListItem> UpcomingMeetings, SchedulingOptions? Scheduling);
}

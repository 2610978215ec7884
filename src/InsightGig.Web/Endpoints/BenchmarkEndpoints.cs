using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
/// is <c>true</c>; never by default. <c>GET /_bench/allocated</c> answers the bytes the process has allocated so far, its
/// garbage collections and their pauses; with the same setting every response carries <see cref="RuntimeHeader"/>.
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
        app.MapGet("/_bench/allocated", () => Results.Ok(RuntimeFigures.Now())).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The response header saying what the process did while this request was in the pipeline: its time there, and the
    /// collections, pause, allocations and JIT compilations of the whole process meanwhile (process-wide figures: a
    /// background thread's work counts too, which is the point: the benchmark asks what a slow request waited for).
    /// </summary>
    public const string RuntimeHeader = "X-Bench-Runtime";

    /// <summary>First in the pipeline, so the figures cover all of the app's own handling of the request.</summary>
    public static WebApplication UseBenchmarkRuntimeHeader(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(Setting))
        {
            return app;
        }

        app.Use((context, next) =>
        {
            var before = RuntimeFigures.Now();
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                var after = RuntimeFigures.Now();
                context.Response.Headers[RuntimeHeader] = string.Create(CultureInfo.InvariantCulture,
                    $"ms={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###};gen0={after.Gen0 - before.Gen0};gen1={after.Gen1 - before.Gen1};" +
                    $"gen2={after.Gen2 - before.Gen2};pausems={after.GcPauseMs - before.GcPauseMs:0.###};bytes={after.Bytes - before.Bytes};" +
                    $"jit={after.JitMethods - before.JitMethods};threads={before.Threads};queued={before.QueuedWorkItems}");
                return Task.CompletedTask;
            });
            return next(context);
        });
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

    /// <summary>
    /// The process's running totals: bytes allocated, collections per generation (a gen-1 collection counts in gen 0's too),
    /// total GC pause, methods the JIT compiled; and the thread pool's threads and queued work items at this moment.
    /// </summary>
    internal sealed record RuntimeFigures(long Bytes, int Gen0, int Gen1, int Gen2, double GcPauseMs, long JitMethods, int Threads, long QueuedWorkItems)
    {
        public static RuntimeFigures Now() => new(
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            JitInfo.GetCompiledMethodCount(currentThread: false),
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount);
    }

    /// <summary>What the page shows, as data.</summary>
    internal sealed record ProjectPageData(ProjectCollaboration Project, IReadOnlyList<MeetingListItem> UpcomingMeetings, SchedulingOptions? Scheduling);
}

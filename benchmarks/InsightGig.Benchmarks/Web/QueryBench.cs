using System.Diagnostics;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Benchmarks.Web;

/// <summary>The signed-in user of an in-process benchmark.</summary>
internal sealed class BenchCurrentUser : ICurrentUser
{
    public Guid? PersonId { get; set; }

    public Guid? OrganisationId { get; set; }

    public bool IsAdmin { get; set; }
}

/// <summary>
/// In-process micro-benchmark of the project page's queries (one at a time, through the Mediator pipeline, each in a DI
/// scope of its own as in a request): mean time and allocations per call. Beside them, the meeting list as it was
/// written before (one query with the participants as a nested collection), to show what the two-query projection saves.
/// </summary>
internal static class QueryBench
{
    private const int Warmup = 30;

    public static async Task RunAsync(WebBenchOptions options, IServiceProvider services, BenchWorld world, BenchReport report, TextWriter log, CancellationToken ct)
    {
        var iterations = Math.Max(50, options.Runs * 100);
        var viewer = new BenchCurrentUser { PersonId = world.Organizer.PersonId, OrganisationId = world.OrganisationId };
        var projectId = world.ProjectId;
        var cases = new (string Name, Func<IServiceProvider, Task<int>> Run)[]
        {
            ("GetProjectCollaboration (project + 50 collaborators)", async sp => (await Send(sp).Send(new GetProjectCollaborationQuery(projectId), ct)).Value.Collaborators.Count),
            ("ListContextMeetings (200 meetings), 2 flat queries", async sp => (await Send(sp).Send(new ListContextMeetingsQuery(MeetingContextKind.Project, projectId), ct)).Count),
            ("  the same list as one query with a nested collection (before)", sp => NestedCollectionAsync(sp, projectId, viewer.PersonId!.Value, ct)),
            ("GetSchedulingOptions (dialog, 49 candidates)", async sp => (await Send(sp).Send(new GetSchedulingOptionsQuery(MeetingContextKind.Project, projectId), ct)).Value.Context.Candidates.Count),
            ("GetMyMeetings (first page of 200 meetings)", async sp => (await Send(sp).Send(new GetMyMeetingsQuery(), ct)).Value.Meetings.Count),
        };
        foreach (var (name, run) in cases)
        {
            async Task<int> OnceAsync()
            {
                await using var scope = services.CreateAsyncScope();
                var user = scope.ServiceProvider.GetRequiredService<BenchCurrentUser>();
                user.PersonId = viewer.PersonId;
                user.OrganisationId = viewer.OrganisationId;
                return await run(scope.ServiceProvider);
            }

            for (var i = 0; i < Warmup; i++)
            {
                await OnceAsync();
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var rows = 0;
            for (var i = 0; i < iterations; i++)
            {
                rows = await OnceAsync();
            }

            var ms = watch.Elapsed.TotalMilliseconds / iterations;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iterations;
            var kb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024d / iterations;
            log.WriteLine($"  {name}: {ms:0.00} ms, CPU {cpuMs:0.00} ms, {kb:0} KB allocated per call ({rows} rows; {iterations} calls)");
            report.Add("1a. The page's queries in-process (one at a time)", name, $"{Stats.Ms(ms)} · CPU {Stats.Ms(cpuMs)} · {kb:0} KB", "per call: wall · CPU · allocated");
        }
    }

    private static ISender Send(IServiceProvider services) => services.GetRequiredService<ISender>();

    /// <summary>MeetingListProjection as it was: the participants' names as a collection inside the projection.</summary>
    private static async Task<int> NestedCollectionAsync(IServiceProvider services, Guid projectId, Guid viewerId, CancellationToken ct)
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        var now = DateTimeOffset.UtcNow;
        var rows = await (
                from meeting in db.Meetings.AsNoTracking()
                where meeting.ContextKind == MeetingContextKind.Project && meeting.ContextId == projectId
                    && meeting.EndUtc > now
                    && (meeting.Status == MeetingStatus.Scheduled || meeting.Status == MeetingStatus.Scheduling)
                    && (meeting.OrganizerId == viewerId || meeting.Participants.Any(p => p.PersonId == viewerId))
                join organizer in db.People.AsNoTracking() on meeting.OrganizerId equals organizer.Id
                orderby meeting.StartUtc
                select new MeetingListItem(meeting.Id, meeting.Title, meeting.PlatformKey, meeting.StartUtc, meeting.EndUtc, meeting.JoinUrl,
                    meeting.Status, meeting.ContextKind, meeting.ContextId, organizer.FullName, meeting.OrganizerId == viewerId,
                    meeting.Participants.Select(p => p.FullName).ToList(), meeting.PlatformKey, string.Empty))
            .Take(500)
            .ToListAsync(ct);
        return rows.Count;
    }
}

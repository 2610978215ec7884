using System.Diagnostics;
using System.Globalization;
using InsightGig.Benchmarks.Web;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Benchmarks.Load;

/// <summary>A meeting row as the check needs it.</summary>
internal sealed record MeetingRow(Guid Id, Guid OrganizerId, MeetingStatus Status, string VideoProvider, string? ProviderMeetingId, string? CalendarEventId, string? JoinUrl, string? FailureReason);

/// <summary>
/// After the load: the database against the sandbox. Every meeting whose submission answered 302 has exactly one row
/// (Scheduled), one live Zoom meeting (Zoom platform; its join link on the row) and one confirmed event in the organizer's
/// calendar; every submission that failed answered a clean 4xx or 503 and left no live Zoom meeting and no event (its row,
/// if any, is Failed); no live Zoom meeting or event exists that no scheduled meeting accounts for; no meeting is left
/// half-made ("Scheduling").
/// </summary>
internal sealed class ConsistencyCheck
{
    private readonly List<string> _problems = [];
    private readonly List<string> _facts = [];

    public bool Ok => _problems.Count == 0;

    public static async Task<ConsistencyCheck> RunAsync(
        IServiceProvider services, ProviderSandboxState sandbox, BenchWorld world, IReadOnlyList<ScheduleAttempt> attempts, CancellationToken ct)
    {
        var check = new ConsistencyCheck();
        var keys = attempts.Select(a => a.Key).Distinct().ToList();
        var rows = await ReadRowsAsync(services, keys, ct);

        // A request the client gave up on may still be finishing on the server: wait (bounded) until none is in progress.
        var waited = Stopwatch.StartNew();
        while (rows.Values.Any(r => r.Status == MeetingStatus.Scheduling) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500, ct);
            rows = await ReadRowsAsync(services, keys, ct);
        }

        var zoom = sandbox.GetZoomMeetings(includeDeleted: true);
        var liveZoom = zoom.Where(m => !m.Deleted).ToLookup(m => m.Id.ToString(CultureInfo.InvariantCulture));
        var emails = world.Accounts.ToDictionary(a => a.PersonId, a => a.Email);
        var events = world.Accounts.ToDictionary(a => a.PersonId, a => sandbox.GetCalendarEvents(a.Email));

        int succeeded = 0, failed = 0, unknown = 0;
        foreach (var group in attempts.GroupBy(a => a.Key))
        {
            var key = group.Key;
            var first = group.First();
            var statuses = group.Select(a => a.Status).ToList();
            var row = rows.GetValueOrDefault(key);
            var eventId = Meeting.CalendarEventIdFor(key);
            var confirmed = events[first.Organizer.PersonId].Where(e => e.Id == eventId && e.Status == "confirmed").ToList();
            var liveVideo = row?.ProviderMeetingId is { } providerId ? liveZoom[providerId].ToList() : [];
            var label = $"meeting {key} ({first.Platform}, answers {string.Join("/", statuses)})";
            if (row?.Status == MeetingStatus.Scheduling)
            {
                check._problems.Add($"{label}: left half-made (Scheduling)");
                continue;
            }

            if (statuses.Contains(302))
            {
                succeeded++;
                if (statuses.Any(s => s != 302))
                {
                    check._problems.Add($"{label}: the same form answered differently");
                }

                if (row is null || row.Status != MeetingStatus.Scheduled)
                {
                    check._problems.Add($"{label}: answered 302 but its row is {row?.Status.ToString() ?? "missing"}");
                    continue;
                }

                if (confirmed.Count != 1)
                {
                    check._problems.Add($"{label}: {confirmed.Count} confirmed calendar events, expected 1");
                }

                if (first.Platform == "zoom")
                {
                    if (liveVideo.Count != 1 || liveVideo[0].JoinUrl != row.JoinUrl)
                    {
                        check._problems.Add($"{label}: {liveVideo.Count} live Zoom meetings for it (expected 1 with the row's join link)");
                    }
                }
                else if (row.ProviderMeetingId is not null || confirmed.FirstOrDefault()?.HangoutLink is not { } meet || meet != row.JoinUrl)
                {
                    check._problems.Add($"{label}: a Google Meet meeting must have no Zoom meeting and the event's Meet link");
                }
            }
            else if (statuses.Contains(0))
            {
                // The client gave up: whatever the server decided must be whole (scheduled) or clean (failed / never saved).
                unknown++;
                var whole = row?.Status == MeetingStatus.Scheduled && confirmed.Count == 1 && (first.Platform != "zoom" || liveVideo.Count == 1);
                var clean = (row is null || row.Status == MeetingStatus.Failed) && confirmed.Count == 0 && liveVideo.Count == 0;
                if (!whole && !clean)
                {
                    check._problems.Add($"{label}: the client timed out and the meeting is neither whole nor cleanly failed");
                }
            }
            else
            {
                failed++;
                if (statuses.Any(s => !(s is >= 400 and < 500 or 503)))
                {
                    check._problems.Add($"{label}: a failure must be a 4xx or a 503");
                }

                if (row is not null && row.Status != MeetingStatus.Failed)
                {
                    check._problems.Add($"{label}: answered a failure but its row is {row.Status}");
                }

                if (confirmed.Count > 0 || liveVideo.Count > 0)
                {
                    check._problems.Add($"{label}: answered a failure but left {liveVideo.Count} live Zoom meeting(s) and {confirmed.Count} event(s)");
                }
            }
        }

        // Nothing at the providers that no scheduled meeting accounts for.
        var scheduled = rows.Values.Where(r => r.Status == MeetingStatus.Scheduled).ToList();
        var expectedZoom = scheduled.Where(r => r.ProviderMeetingId is not null).Select(r => r.ProviderMeetingId!).ToHashSet(StringComparer.Ordinal);
        var orphanZoom = zoom.Where(m => !m.Deleted && !expectedZoom.Contains(m.Id.ToString(CultureInfo.InvariantCulture))).ToList();
        var expectedEvents = scheduled.Select(r => (r.OrganizerId, r.CalendarEventId)).ToHashSet();
        var orphanEvents = events.SelectMany(e => e.Value.Where(v => v.Status == "confirmed" && !expectedEvents.Contains((e.Key, v.Id))).Select(v => $"{emails[e.Key]}/{v.Id}")).ToList();
        if (orphanZoom.Count > 0)
        {
            check._problems.Add($"{orphanZoom.Count} live Zoom meeting(s) belong to no scheduled meeting, e.g. {orphanZoom[0].Id} \"{orphanZoom[0].Topic}\"");
        }

        if (orphanEvents.Count > 0)
        {
            check._problems.Add($"{orphanEvents.Count} confirmed calendar event(s) belong to no scheduled meeting, e.g. {orphanEvents[0]}");
        }

        var failedRows = rows.Values.Count(r => r.Status == MeetingStatus.Failed);
        check._facts.Add($"{keys.Count} meetings submitted: {succeeded} scheduled (302), {failed} refused cleanly (4xx/503), {unknown} with the client timed out");
        check._facts.Add($"database: {scheduled.Count} Scheduled rows, {failedRows} Failed rows, {rows.Values.Count(r => r.Status == MeetingStatus.Scheduling)} left Scheduling; " +
            $"{keys.Count - rows.Count} submissions saved nothing");
        check._facts.Add($"sandbox: {zoom.Count(m => !m.Deleted)} live Zoom meetings ({zoom.Count(m => m.Deleted)} created then deleted by the undo), " +
            $"{events.Sum(e => e.Value.Count(v => v.Status == "confirmed"))} confirmed calendar events; orphans: {orphanZoom.Count} Zoom, {orphanEvents.Count} events");
        foreach (var reason in rows.Values.Where(r => r.Status == MeetingStatus.Failed).GroupBy(r => r.FailureReason ?? "(none)").OrderByDescending(g => g.Count()))
        {
            check._facts.Add($"failed {reason.Count()}×: {reason.Key}");
        }

        return check;
    }

    private static async Task<Dictionary<Guid, MeetingRow>> ReadRowsAsync(IServiceProvider services, IReadOnlyList<Guid> keys, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var rows = new Dictionary<Guid, MeetingRow>();
        foreach (var chunk in keys.Chunk(1000))
        {
            var found = await db.Meetings.AsNoTracking()
                .Where(m => chunk.Contains(m.Id))
                .Select(m => new MeetingRow(m.Id, m.OrganizerId, m.Status, m.PlatformKey, m.ProviderMeetingId, m.CalendarEventId, m.JoinUrl, m.FailureReason))
                .ToListAsync(ct);
            foreach (var row in found)
            {
                rows[row.Id] = row;
            }
        }

        return rows;
    }

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Consistency check (database vs sandbox):");
        foreach (var fact in _facts)
        {
            output.WriteLine("- " + fact);
        }

        foreach (var problem in _problems.Take(30))
        {
            output.WriteLine("PROBLEM: " + problem);
        }

        if (_problems.Count > 30)
        {
            output.WriteLine($"PROBLEM: … and {_problems.Count - 30} more");
        }

        output.WriteLine(Ok ? "Consistency: OK" : $"Consistency: {_problems.Count} problem(s)");
    }
}

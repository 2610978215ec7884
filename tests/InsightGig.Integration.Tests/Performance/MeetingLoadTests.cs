using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Performance;

/// <summary>
/// A meeting's participants, history and proposals are three collections of one aggregate. Read in one query they come
/// back as their product: a meeting with 50 participants, 22 changes and 40 proposals was 44,000 rows, and took 0.7–2 s
/// to load on the shared PostgreSQL where split queries took 2–30 ms (docs/performance.md). Queries split by default, so every use case that
/// loads a meeting reads each collection once.
/// </summary>
public sealed class MeetingLoadTests(QueryCountFixture fixture) : IClassFixture<QueryCountFixture>
{
    private static readonly string[] CollectionTables = ["\"MeetingParticipants\"", "\"MeetingChanges\"", "\"MeetingProposals\""];

    [Fact]
    public async Task A_busy_meeting_loads_each_of_its_collections_in_a_query_of_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = fixture.Large;
        var organizerId = world.Organizer.PersonId!.Value;
        var now = DateTimeOffset.UtcNow;
        Guid meetingId;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var invited = await db.People.Where(p => world.OthersIds.Contains(p.Id)).Select(p => new { p.Id, p.Email, p.FullName }).ToListAsync(ct);
            var start = now.AddDays(2);
            var meeting = Meeting.Schedule(Guid.NewGuid(), organizerId, MeetingContextKind.Project, world.ProjectId, "zoom", "Busy", null,
                start, start.AddMinutes(30), "Europe/London", [.. invited.Select(p => (p.Id, p.Email, p.FullName))], now).Value;
            meeting.RecordVideoMeeting("busy", "https://zoom.example/j/busy");
            meeting.MarkScheduled("https://zoom.example/j/busy");
            for (var round = 0; round < 20; round++)
            {
                for (var k = 0; k < 2; k++)
                {
                    var proposed = now.AddDays(3 + round).AddHours(k);
                    Assert.True(meeting.ProposeTime(invited[(2 * round + k) % invited.Count].Id, proposed, proposed.AddMinutes(30), null, now).IsSuccess);
                }

                var moved = start.AddMinutes(15 * (round + 1));
                Assert.True(meeting.Reschedule(moved, moved.AddMinutes(30), organizerId, now).IsSuccess);
            }

            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            meetingId = meeting.Id;
        }

        try
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            Meeting loaded;
            IReadOnlyList<string> commands;
            using (var measurement = fixture.Counter.Measure())
            {
                loaded = await db.Meetings.SingleAsync(m => m.Id == meetingId, ct);
                commands = [.. measurement.Commands];
            }

            Assert.Equal((49, 21, 40), (loaded.Participants.Count, loaded.History.Count, loaded.Proposals.Count));
            Assert.Equal(4, commands.Count);
            Assert.All(commands, command => Assert.True(CollectionTables.Count(command.Contains) <= 1, "A query joined two collections:\n" + command));
        }
        finally
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.Where(m => m.Id == meetingId).ExecuteDeleteAsync(ct);
        }
    }
}

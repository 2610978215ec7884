using InsightGig.Application.Meetings.FindTime;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Performance;

/// <summary>
/// Find a time reads every participant's connected calendar (Outlook <c>getSchedule</c> on the sandbox), and its SQL does
/// not grow with them: the connections are read in one query, not one per calendar.
/// </summary>
public sealed class FindTimeQueryCountTests(QueryCountFixture fixture) : IClassFixture<QueryCountFixture>
{
    [Fact]
    public async Task Find_a_time_sends_as_many_SQL_commands_for_ten_connected_calendars_as_for_one()
    {
        var world = fixture.Large;
        var ct = TestContext.Current.CancellationToken;
        Guid[] collaborators = [.. world.OthersIds.Take(10)];
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var people = await db.People.Where(p => collaborators.Contains(p.Id)).Select(p => new { p.Id, p.Email }).ToListAsync(ct);
            foreach (var person in people.Append(new { Id = world.Organizer.PersonId!.Value, Email = world.OrganizerEmail }))
            {
                await SandboxTestData.ConnectAsync(fixture.Services, fixture.Sandbox.State, person.Id, person.Email, SandboxProvider.Microsoft);
            }
        }

        await fixture.MeasureAsync(new FindTimeQuery(MeetingContextKind.Project, world.ProjectId, collaborators, 60), world.Organizer); // warm: the first calls compile
        var one = await fixture.MeasureAsync(new FindTimeQuery(MeetingContextKind.Project, world.ProjectId, collaborators[..1], 60), world.Organizer);
        var ten = await fixture.MeasureAsync(new FindTimeQuery(MeetingContextKind.Project, world.ProjectId, collaborators, 60), world.Organizer);

        foreach (var run in new[] { one, ten })
        {
            // Every calendar was asked (a loaded machine may still miss the 3 s deadline: that is a notice, and the same SQL).
            Assert.True(run.Answer.IsSuccess, run.Answer.IsFailure ? run.Answer.FirstError.Message : null);
            Assert.DoesNotContain(run.Answer.Value.Notices, n => n.Contains("has not connected a calendar", StringComparison.Ordinal));
        }

        // The organizer's Google Calendar (his invite calendar) takes Google's quota permits, which are per call by design.
        static string[] WithoutQuotaPermits(IReadOnlyList<string> commands) => [.. commands.Where(c => !c.Contains("\"ProviderQuotaCounter\"", StringComparison.Ordinal))];
        Assert.Equal(WithoutQuotaPermits(one.Commands).Length, WithoutQuotaPermits(ten.Commands).Length);
        // 10 + 1 + 10 collaborators' Outlook calendars (and the organizer's, when Outlook is his calendar) were asked over HTTP.
        Assert.InRange(fixture.Sandbox.State.GetRequestLog().Count(r => r.Path.EndsWith("/me/calendar/getSchedule", StringComparison.Ordinal)), 21, 24);
    }
}

using System.Data.Common;
using InsightGig.Application;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Performance;

/// <summary>
/// Counts the SQL commands EF Core sends for one query: an interceptor on the app's DbContext, armed only around the
/// measured call (an <see cref="AsyncLocal{T}"/>), so nothing else in the process is counted.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private readonly AsyncLocal<List<string>?> _current = new();

    /// <summary>Counts the commands sent until the answer is disposed; read them from <see cref="Measurement.Commands"/>.</summary>
    public Measurement Measure()
    {
        var commands = new List<string>();
        _current.Value = commands;
        return new Measurement(this, commands);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    private T Record<T>(DbCommand command, T result)
    {
        var commands = _current.Value;
        if (commands is not null)
        {
            lock (commands)
            {
                commands.Add(command.CommandText);
            }
        }

        return result;
    }

    public sealed class Measurement(SqlCommandCounter counter, List<string> commands) : IDisposable
    {
        public IReadOnlyList<string> Commands => commands;

        public void Dispose() => counter._current.Value = null;
    }
}

/// <summary>
/// A PostgreSQL database with two projects of different sizes (5 collaborators and 5 meetings; 50 collaborators and 200
/// meetings), each with its own organizer (Zoom and Google linked, on a provider sandbox on loopback), and the app's
/// services with a <see cref="SqlCommandCounter"/> on the DbContext.
/// </summary>
public sealed class QueryCountFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public PostgreSqlTestDatabase Database { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SqlCommandCounter Counter { get; } = new();

    public World Small { get; private set; } = null!;

    public World Large { get; private set; } = null!;

    public IServiceProvider Services => _services!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Sandbox = await ProviderSandboxServer.StartAsync(_ => { });
        var settings = ProviderSandboxSettings.For(Sandbox.BaseAddress);
        settings["Database:Provider"] = nameof(DatabaseProvider.PostgreSql);
        settings["ConnectionStrings:PostgreSql"] = Database.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration, Path.GetTempPath());
        services.ConfigureDbContext<PostgreSqlApplicationDbContext>(options => options.AddInterceptors(Counter));
        services.AddScoped<TestCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Small = World.Add(db, "small", collaborators: 5, meetings: 5);
        Large = World.Add(db, "large", collaborators: 50, meetings: 200);
        await db.SaveChangesAsync();
        foreach (var world in new[] { Small, Large })
        {
            foreach (var provider in new[] { SandboxProvider.Zoom, SandboxProvider.Google })
            {
                await SandboxTestData.ConnectAsync(Services, Sandbox.State, world.Organizer.PersonId!.Value, world.OrganizerEmail, provider);
            }
        }
    }

    /// <summary>Sends <paramref name="query"/> as <paramref name="viewer"/> in a scope of its own (one request), counting its SQL commands.</summary>
    public Task<(T Answer, IReadOnlyList<string> Commands, int Tracked)> MeasureAsync<T>(IQuery<T> query, TestCurrentUser viewer) =>
        MeasureAsync((sender, ct) => sender.Send(query, ct), viewer);

    /// <summary>Sends <paramref name="command"/> as <paramref name="viewer"/> in a scope of its own, counting its SQL commands.</summary>
    public Task<(T Answer, IReadOnlyList<string> Commands, int Tracked)> MeasureAsync<T>(ICommand<T> command, TestCurrentUser viewer) =>
        MeasureAsync((sender, ct) => sender.Send(command, ct), viewer);

    private async Task<(T Answer, IReadOnlyList<string> Commands, int Tracked)> MeasureAsync<T>(Func<ISender, CancellationToken, ValueTask<T>> send, TestCurrentUser viewer)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestCurrentUser>().Become(viewer);
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        using var measurement = Counter.Measure();
        var answer = await send(sender, TestContext.Current.CancellationToken);
        var tracked = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().ChangeTracker.Entries().Count();
        return (answer, [.. measurement.Commands], tracked);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    /// <summary>One organisation's project with its collaborators (a client organizer first) and the organizer's upcoming meetings on it.</summary>
    /// <param name="OthersIds">Every collaborator but the organizer.</param>
    public sealed record World(Guid ProjectId, TestCurrentUser Organizer, string OrganizerEmail, IReadOnlyList<Guid> OthersIds, int Collaborators, int Meetings)
    {
        public static World Add(ApplicationDbContext db, string name, int collaborators, int meetings)
        {
            var now = DateTimeOffset.UtcNow;
            var organisation = new Organisation(Guid.NewGuid(), $"Organisation {name}");
            var project = new Project(Guid.NewGuid(), organisation.Id, $"Project {name}", "Counting queries.", now);
            var people = new List<Person>();
            for (var i = 0; i < collaborators; i++)
            {
                var client = i % 5 == 0;
                var person = new Person(Guid.NewGuid(), client ? PersonKind.Client : PersonKind.Expert, $"{name} person {i:D3}",
                    $"{name}.{i:D3}@count.example", "Europe/London", client ? organisation.Id : null);
                people.Add(person);
                if (!client)
                {
                    db.Experts.Add(new Expert(person.Id, $"Headline {i}", "Bio", ["Topic"], 10, "Somewhere"));
                }

                project.AddCollaborator(person, now);
            }

            var organizer = people[0];
            for (var i = 0; i < meetings; i++)
            {
                var start = now.AddDays(1 + (i % 30)).AddMinutes(15 * i);
                (Guid, string, string)[] invited =
                [
                    .. new[] { people[1 + (i % (collaborators - 1))], people[1 + ((i + 2) % (collaborators - 1))] }
                        .DistinctBy(p => p.Id)
                        .Select(p => (p.Id, p.Email, p.FullName)),
                ];
                var meeting = Meeting.Schedule(Guid.NewGuid(), organizer.Id, MeetingContextKind.Project, project.Id, "zoom", $"Meeting {i}", null,
                    start, start.AddMinutes(30), organizer.TimeZoneId, invited, now).Value;
                meeting.RecordVideoMeeting($"{name}-{i}", $"https://zoom.example/j/{name}{i}");
                meeting.MarkScheduled($"https://zoom.example/j/{name}{i}");
                db.Meetings.Add(meeting);
            }

            db.Organisations.Add(organisation);
            db.People.AddRange(people);
            db.Projects.Add(project);
            return new World(project.Id, new TestCurrentUser(organizer.Id, organisation.Id, false), organizer.Email, [.. people.Skip(1).Select(p => p.Id)], collaborators, meetings);
        }
    }
}

/// <summary>
/// The N+1 guard: the SQL commands behind the project collaboration page (its three queries) and "My meetings" do not
/// grow with the number of collaborators (5 vs 50) or meetings (5 vs 200), and the read paths track no entities.
/// </summary>
public sealed class QueryCountTests(QueryCountFixture fixture) : IClassFixture<QueryCountFixture>
{
    [Fact]
    public async Task The_project_page_sends_as_many_SQL_commands_for_50_collaborators_and_200_meetings_as_for_5_and_5()
    {
        var small = await ProjectPageAsync(fixture.Small);
        var large = await ProjectPageAsync(fixture.Large);

        Assert.Equal(small, large);
        Assert.InRange(large.Sum(), 1, 10);
    }

    [Fact]
    public async Task My_meetings_sends_as_many_SQL_commands_for_200_meetings_as_for_5_searching_or_not()
    {
        var small = await fixture.MeasureAsync(new GetMyMeetingsQuery(), fixture.Small.Organizer);
        var large = await fixture.MeasureAsync(new GetMyMeetingsQuery(), fixture.Large.Organizer);
        // In any case, on PostgreSQL: "Meeting 1", "Meeting 10"–"19" and "Meeting 100"–"199"; page 6 is the last (111 = 5 × 20 + 11).
        var byTitle = await fixture.MeasureAsync(new GetMyMeetingsQuery(MeetingsTab.Upcoming, "  MEETING 1 ", 6), fixture.Large.Organizer);
        // "large person 001" is invited to meetings 0, 49, 98, 147, 196 and 47, 96, 145, 194.
        var byParticipant = await fixture.MeasureAsync(new GetMyMeetingsQuery(MeetingsTab.Upcoming, "Large Person 001"), fixture.Large.Organizer);
        var byEmail = await fixture.MeasureAsync(new GetMyMeetingsQuery(MeetingsTab.Upcoming, "LARGE.001@COUNT"), fixture.Large.Organizer);

        Assert.Equal((fixture.Small.Meetings, fixture.Small.Meetings), (small.Answer.Value.Total, small.Answer.Value.Meetings.Count));
        Assert.Equal((fixture.Large.Meetings, GetMyMeetingsQuery.PageSize, 10), (large.Answer.Value.Total, large.Answer.Value.Meetings.Count, large.Answer.Value.PageCount));
        Assert.Equal((111, 6, 11, "MEETING 1"), (byTitle.Answer.Value.Total, byTitle.Answer.Value.Page, byTitle.Answer.Value.Meetings.Count, byTitle.Answer.Value.Search));
        Assert.All(byTitle.Answer.Value.Meetings, m => Assert.StartsWith("Meeting 1", m.Title, StringComparison.Ordinal));
        Assert.Equal(9, byParticipant.Answer.Value.Total);
        Assert.All(byParticipant.Answer.Value.Meetings, m => Assert.Contains("large person 001", m.ParticipantNames));
        Assert.Equal(9, byEmail.Answer.Value.Total);
        Assert.All(large.Answer.Value.Meetings, m => Assert.Equal(2, m.ParticipantNames.Count));
        Assert.Equal(small.Commands.Count, large.Commands.Count);
        Assert.Equal([large.Commands.Count, large.Commands.Count, large.Commands.Count], new[] { byTitle.Commands.Count, byParticipant.Commands.Count, byEmail.Commands.Count });
        // The tabs' counts, the page, its participants' names.
        Assert.Equal(3, large.Commands.Count);
        // The viewer's meetings come as an id list through the organizer and participant indexes, never as "organizer = me OR
        // EXISTS (...)", which PostgreSQL can only filter meeting by meeting (docs/performance.md).
        Assert.All(large.Commands.Take(2), sql => Assert.Contains("UNION ALL", sql, StringComparison.Ordinal));
        Assert.All(large.Commands, sql => Assert.DoesNotContain(" OR EXISTS", sql, StringComparison.Ordinal));
        Assert.Equal(0, small.Tracked + large.Tracked + byTitle.Tracked);
    }

    [Fact]
    public async Task Create_meeting_reads_in_two_SQL_commands_before_its_first_write_and_sends_as_many_for_49_invited_as_for_4()
    {
        // A real create, through to the providers: the organizer has Zoom and Google linked, and everyone else on the project
        // is invited (4 people, then 49).
        var small = WithoutQuotaPermits(await ScheduleAsync(fixture.Small));
        var large = WithoutQuotaPermits(await ScheduleAsync(fixture.Large));

        foreach (var (answer, world) in new[] { (small.Answer, fixture.Small), (large.Answer, fixture.Large) })
        {
            Assert.True(answer.IsSuccess, answer.IsFailure ? answer.FirstError.Message : null);
            Assert.Equal(MeetingStatus.Scheduled, answer.Value.Status);
            Assert.Equal(world.Collaborators - 1, answer.Value.ParticipantNames.Count);
        }

        // Before anything is written, two reads: the organizer (time zone, connections, whether the form was already used)
        // and the project with the invited collaborators. Then one batch inserts the meeting with everyone invited; the Zoom
        // step reads the organizer's connections (its access token, and the calendar's, used by the next step) and saves the
        // Zoom meeting; the calendar step saves the event, with the "Scheduled" history entry and status in one batch, which
        // also wakes the organizer's calendar sync state, read just before it, so a parked calendar is read back again):
        // seven commands, for 4 invited as for 49.
        Assert.Equal(2, ReadsBeforeFirstWrite(small.Commands));
        Assert.Equal(2, ReadsBeforeFirstWrite(large.Commands));
        Assert.Equal(small.Commands.Select(Kind), large.Commands.Select(Kind));
        string[] expected = ["SELECT", "SELECT", "INSERT", "SELECT", "UPDATE", "SELECT", "UPDATE"];
        Assert.True(expected.SequenceEqual(large.Commands.Select(Kind)), "Create meeting sent:\n" + string.Join("\n---\n", large.Commands));
    }

    /// <summary>
    /// The meeting's own commands: each provider call also takes its quota permits (table <c>ProviderQuotaCounter</c>, one
    /// conditional UPDATE per quota, more for a window's first request), bookkeeping that does not depend on the meeting.
    /// </summary>
    private static (InsightGig.Domain.Common.Result<ScheduledMeeting> Answer, IReadOnlyList<string> Commands, int Tracked) WithoutQuotaPermits(
        (InsightGig.Domain.Common.Result<ScheduledMeeting> Answer, IReadOnlyList<string> Commands, int Tracked) run) =>
        run with { Commands = [.. run.Commands.Where(c => !c.Contains("\"ProviderQuotaCounter\"", StringComparison.Ordinal))] };

    private static int ReadsBeforeFirstWrite(IReadOnlyList<string> commands)
    {
        var firstWrite = commands.ToList().FindIndex(c => Kind(c) != "SELECT");
        Assert.True(firstWrite >= 0, "nothing was written:\n" + string.Join("\n", commands));
        return firstWrite;
    }

    /// <summary>What a command does, by its first keyword (a batch counts as one command, named by its first statement).</summary>
    private static string Kind(string commandText) => commandText.TrimStart().Split([' ', '\n', '\r'], 2)[0].ToUpperInvariant();

    /// <summary>Schedules on the world's project, counting the commands; the meeting is deleted again, so the other tests' counts stay as seeded.</summary>
    private async Task<(InsightGig.Domain.Common.Result<ScheduledMeeting> Answer, IReadOnlyList<string> Commands, int Tracked)> ScheduleAsync(QueryCountFixture.World world)
    {
        var day = DateTime.UtcNow.Date.AddDays(3);
        var id = Guid.NewGuid();
        try
        {
            return await fixture.MeasureAsync(
                new ScheduleMeetingCommand(id, MeetingContextKind.Project, world.ProjectId, "zoom", "Counting", null,
                    day.AddHours(10), day.AddHours(11), world.OthersIds),
                world.Organizer);
        }
        finally
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.Where(m => m.Id == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The queries the page runs (as CollaborationModel and SchedulingPageModel send them), with their command counts.</summary>
    private async Task<int[]> ProjectPageAsync(QueryCountFixture.World world)
    {
        var viewer = world.Organizer;
        var project = await fixture.MeasureAsync(new GetProjectCollaborationQuery(world.ProjectId), viewer);
        var meetings = await fixture.MeasureAsync(new ListContextMeetingsQuery(MeetingContextKind.Project, world.ProjectId), viewer);
        var scheduling = await fixture.MeasureAsync(new GetSchedulingOptionsQuery(MeetingContextKind.Project, world.ProjectId), viewer);

        // The data is really there, so equal counts mean "no N+1", not "nothing loaded".
        Assert.Equal(world.Collaborators, project.Answer.Value.Collaborators.Count);
        Assert.Equal(world.Meetings, meetings.Answer.Count);
        Assert.All(meetings.Answer, m => Assert.Equal(2, m.ParticipantNames.Count));
        Assert.Equal(world.Collaborators - 1, scheduling.Answer.Value.Context.Candidates.Count);
        Assert.Equal(0, project.Tracked + meetings.Tracked + scheduling.Tracked);
        return [project.Commands.Count, meetings.Commands.Count, scheduling.Commands.Count];
    }
}

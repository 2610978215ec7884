using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.FindTime;
using InsightGig.Benchmarks.Web;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Benchmarks.FindTime;

/// <summary>
/// "Find a time" as the dialog asks it (<see cref="FindTimeQuery"/> through Mediator, in a DI scope of its own as in a
/// request): every person taking part has a connected calendar in the provider sandbox holding --busy busy intervals over
/// the next 14 days and answering after --latency-ms (the sandbox's injected latency, over real loopback HTTP). Reports
/// the server time per query (p50/p95/p99 of --runs queries with 5 collaborators, each of --rounds rounds) and the SQL
/// commands one query sends (EF Core's command diagnostics, in this process) for 1, 3, 5 and 10 collaborators.
/// Real: PostgreSQL, the use case, the adapters (Outlook <c>getSchedule</c>, Google <c>freeBusy</c>), the token store.
/// </summary>
internal static class FindTimeBenchCommand
{
    private static readonly int[] Sizes = [1, 3, 5, 10];

    private const int MeasuredSize = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = CommandArgs.Int(args, "--runs", 200);
        var warmup = CommandArgs.Int(args, "--warmup", 20);
        var rounds = CommandArgs.Int(args, "--rounds", 3);
        var latencyMs = CommandArgs.Int(args, "--latency-ms", 50);
        var busy = CommandArgs.Int(args, "--busy", 200);
        var calendars = (CommandArgs.Value(args, "--calendar") ?? "microsoft,google").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var postgres = CommandArgs.Postgres();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(CommandArgs.Int(args, "--timeout-seconds", 900)));
        var ct = deadline.Token;

        Console.WriteLine($"Find a time: {Environment.ProcessorCount} CPUs; load average {Stats.LoadAverage()} at start; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Every person's calendar holds {busy} busy intervals over 14 days and answers after {latencyMs} ms; " +
            $"{rounds} round(s) of {runs} queries with {MeasuredSize} collaborators (+ the organizer) after {warmup} warm-up queries");
        using var commands = new SqlCommandCounter();
        var ok = true;
        foreach (var calendar in calendars)
        {
            var provider = calendar switch
            {
                "microsoft" => SandboxProvider.Microsoft,
                "google" => SandboxProvider.Google,
                _ => throw new ArgumentException($"--calendar takes microsoft and/or google, not {calendar}."),
            };
            ok &= await RunCalendarAsync(postgres, provider, runs, warmup, rounds, latencyMs, busy, commands, ct);
        }

        Console.WriteLine($"Load average at end {Stats.LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static async Task<bool> RunCalendarAsync(
        string postgres, SandboxProvider provider, int runs, int warmup, int rounds, int latencyMs, int busy, SqlCommandCounter commands, CancellationToken ct)
    {
        await using var sandbox = await ProviderSandboxServer.StartAsync(configure: null, configureServices: null, ct);
        await using var database = await BenchmarkDatabase.CreateAsync(postgres, maxPoolSize: 50, ct);
        using var host = AppHost.Build(database.ConnectionString, sandbox.BaseAddress, runHangfireServer: false, workers: 1, services =>
        {
            services.AddScoped<BenchCurrentUser>();
            services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<BenchCurrentUser>());
        });
        var world = await FindTimeWorld.SeedAsync(host.Services, sandbox, provider, Sizes.Max() + 1, busy, ct);
        sandbox.State.InjectFault(new SandboxFault { Provider = provider, Target = SandboxFaultTarget.Api, LatencyMs = latencyMs });

        async Task<FoundTimes> FindAsync(int collaborators)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var user = scope.ServiceProvider.GetRequiredService<BenchCurrentUser>();
            user.PersonId = world.OrganizerId;
            user.OrganisationId = world.OrganisationId;
            var found = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                new FindTimeQuery(MeetingContextKind.Project, world.ProjectId, [.. world.CollaboratorIds.Take(collaborators)], 60), ct);
            return found.IsSuccess ? found.Value : throw new InvalidOperationException("Find a time failed: " + found.FirstError.Message);
        }

        for (var i = 0; i < warmup; i++)
        {
            await FindAsync(MeasuredSize);
        }

        var ok = true;
        var sql = new List<string>();
        foreach (var size in Sizes)
        {
            var before = commands.Count;
            var found = await FindAsync(size);
            sql.Add($"{size}: {commands.Count - before}");
            if (found.Notices.Count > 0)
            {
                Console.WriteLine($"  {size} collaborators: {string.Join(" ", found.Notices)}");
                ok = false; // every calendar should have answered: the figures would not be of the case asked
            }
        }

        var measuredFrom = DateTimeOffset.UtcNow;
        var cpu = new List<double>();
        var p50 = new List<double>();
        var p95 = new List<double>();
        var p99 = new List<double>();
        var slots = 0;
        for (var round = 0; round < rounds; round++)
        {
            var times = new List<double>(runs);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                slots = (await FindAsync(MeasuredSize)).Slots.Count;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            // This process's CPU per query: the app's and the in-process sandbox's together, steadier than wall time on a busy machine.
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / runs);

            p50.Add(Stats.Percentile(times, 50));
            p95.Add(Stats.Percentile(times, 95));
            p99.Add(Stats.Percentile(times, 99));
            Console.WriteLine($"  {provider.Path} round {round + 1}: p50 {Stats.Ms(p50[^1])}, p95 {Stats.Ms(p95[^1])}, p99 {Stats.Ms(p99[^1])}, CPU {Stats.Ms(cpu[^1])} per query ({runs} queries, {slots} slots each)");
        }

        // What the sandbox itself took per calendar call (the injected latency included): the rest of a query is ours.
        var calls = sandbox.State.GetRequestLog().Where(r => r.At >= measuredFrom && r.Status == 200).Select(r => r.DurationMs).ToList();
        Console.WriteLine($"| calendar | p50 | p95 | p99 | CPU per query (app + sandbox) | sandbox time per calendar call p50 · p95 | SQL commands per query by collaborators |");
        Console.WriteLine($"| --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| {provider.Path}, {MeasuredSize} collaborators (medians of {rounds} rounds) | {Stats.Ms(Stats.Median(p50))} | {Stats.Ms(Stats.Median(p95))} | " +
            $"{Stats.Ms(Stats.Median(p99))} | {Stats.Ms(Stats.Median(cpu))} | {Stats.Ms(Stats.Percentile(calls, 50))} · {Stats.Ms(Stats.Percentile(calls, 95))} ({calls.Count} calls) | {string.Join(" · ", sql)} |");
        return ok;
    }
}

/// <summary>
/// The benchmark's world: one organisation, one project, an organizer and collaborators in five zones, each with a calendar
/// of the chosen provider linked (tokens issued by the sandbox, stored encrypted as the app stores them) and filled through
/// the sandbox's own API with busy intervals at random quarter hours (15 or 30 minutes) over the next 14 days, plus a few
/// InsightGig meetings among them.
/// </summary>
internal sealed record FindTimeWorld(Guid OrganisationId, Guid ProjectId, Guid OrganizerId, IReadOnlyList<Guid> CollaboratorIds)
{
    public static async Task<FindTimeWorld> SeedAsync(
        IServiceProvider services, ProviderSandboxServer sandbox, SandboxProvider provider, int people, int busyPerPerson, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var organisation = new Organisation(Guid.NewGuid(), "Find-a-time Capital");
        var project = new Project(Guid.NewGuid(), organisation.Id, "Find-a-time benchmark", "Seeded for the find-a-time benchmark.", now);
        // An expert network's usual spread: three hours a day in common (14:00–17:00 UTC in winter).
        string[] zones = ["Europe/London", "Europe/Berlin", "Africa/Lagos", "America/New_York", "Europe/Paris"];
        var persons = Enumerable.Range(0, people).Select(i => new Person(
            Guid.NewGuid(), i == 0 ? PersonKind.Client : PersonKind.Expert, $"Person{i:D2} Benchmark", $"findtime{i:D2}@bench.example",
            zones[i % zones.Length], i == 0 ? organisation.Id : null)).ToList();
        var tokens = new List<string>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
            db.Organisations.Add(organisation);
            foreach (var person in persons)
            {
                db.People.Add(person);
                if (person.Kind == PersonKind.Expert)
                {
                    db.Experts.Add(new Expert(person.Id, "Payments specialist", "Seeded for the benchmark.", ["Payments"], 10, "Somewhere"));
                    project.AddCollaborator(person, now);
                }

                var issued = sandbox.State.IssueTokens(provider, person.Email);
                tokens.Add(issued.AccessToken);
                db.ProviderConnections.Add(ProviderConnection.Connect(
                    Guid.NewGuid(), person.Id, provider.Path, new ProviderAccount(issued.AccountId, person.Email),
                    new ProtectedTokens(protector.Protect(issued.AccessToken), protector.Protect(issued.RefreshToken!), now.AddSeconds(issued.ExpiresIn), issued.Scope),
                    now));
            }

            db.Projects.Add(project);
            for (var i = 0; i < 20; i++)
            {
                var start = now.Date.AddDays(1 + (i % 12)).AddHours(9 + (i % 8));
                var invited = persons.Skip(1 + (i % (people - 1))).Take(2).Select(p => (p.Id, p.Email, p.FullName)).ToList();
                var meeting = Meeting.Schedule(Guid.NewGuid(), persons[0].Id, MeetingContextKind.Project, project.Id, "zoom", $"Seeded call {i:D2}",
                    "Seeded for the benchmark.", new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start.AddMinutes(45), TimeSpan.Zero),
                    persons[0].TimeZoneId, invited, now).Value;
                meeting.MarkScheduled($"https://zoom.example/j/findtime{i}");
                db.Meetings.Add(meeting);
            }

            await db.SaveChangesAsync(ct);
        }

        // On the quarter-hour grid the search uses, so both calendars' worlds hold the same intervals relative to it.
        var grid = new DateTimeOffset(now.UtcTicks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
        var random = new Random(17);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        for (var p = 0; p < persons.Count; p++)
        {
            for (var i = 0; i < busyPerPerson; i++)
            {
                var start = grid.AddMinutes(15 * random.Next(14 * 24 * 4));
                var end = start.AddMinutes(15 * (1 + random.Next(2))); // 15 or 30 minutes: about a fifth of each day busy
                using var request = new HttpRequestMessage(HttpMethod.Post, provider == SandboxProvider.Microsoft ? "microsoft/v1.0/me/events" : "google/calendar/v3/calendars/primary/events")
                {
                    Content = provider == SandboxProvider.Microsoft
                        ? JsonContent.Create(new { subject = "Busy", start = new { dateTime = Text(start), timeZone = "UTC" }, end = new { dateTime = Text(end), timeZone = "UTC" } })
                        : JsonContent.Create(new { summary = "Busy", start = new { dateTime = Text(start) + "Z" }, end = new { dateTime = Text(end) + "Z" } }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[p]);
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
            }
        }

        return new FindTimeWorld(organisation.Id, project.Id, persons[0].Id, [.. persons.Skip(1).Select(p => p.Id)]);
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>Counts the SQL commands EF Core sends in this process (its <c>CommandExecuting</c> diagnostic event).</summary>
internal sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private long _count;

    public SqlCommandCounter() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public long Count => Interlocked.Read(ref _count);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this, name => name == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting"));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value) => Interlocked.Increment(ref _count);

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}

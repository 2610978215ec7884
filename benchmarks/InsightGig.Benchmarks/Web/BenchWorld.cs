using System.Diagnostics;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Identity;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Benchmarks.Web;

/// <summary>A person of the benchmark world who can sign in (and schedule: Zoom and Google are linked).</summary>
internal sealed record BenchAccount(Guid PersonId, string Email, string FullName, string TimeZoneId);

/// <summary>
/// The world the web benchmarks and the load run use, seeded through the app's own services (not the Development demo
/// seed): one organisation, one project with <c>collaborators</c> people (a fifth clients of the organisation, the rest
/// experts with profiles), <c>meetings</c> upcoming meetings on the project organized by the first client, and sign-in
/// accounts with Zoom and Google linked (tokens issued by the sandbox, stored encrypted) for the first <c>accounts</c>
/// collaborators.
/// </summary>
internal sealed class BenchWorld
{
    public const string Password = "Bench-Password-2026!";

    private BenchWorld(Guid organisationId, Guid projectId, IReadOnlyList<BenchAccount> accounts, IReadOnlyList<BenchAccount> schedulers, IReadOnlyList<Guid> collaboratorIds)
    {
        OrganisationId = organisationId;
        ProjectId = projectId;
        Accounts = accounts;
        Schedulers = schedulers;
        CollaboratorIds = collaboratorIds;
    }

    public Guid OrganisationId { get; }

    public Guid ProjectId { get; }

    /// <summary>People who can sign in; the first organizes the seeded meetings.</summary>
    public IReadOnlyList<BenchAccount> Accounts { get; }

    /// <summary>The accounts that may schedule meetings: the clients (experts answer invitations; they do not send them).</summary>
    public IReadOnlyList<BenchAccount> Schedulers { get; }

    public IReadOnlyList<Guid> CollaboratorIds { get; }

    public BenchAccount Organizer => Accounts[0];

    public static async Task<BenchWorld> SeedAsync(
        IServiceProvider services, ProviderSandboxState sandbox, int collaborators, int meetings, int accounts, TextWriter log, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(collaborators, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(accounts, collaborators);
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var projectId = Guid.NewGuid();
        var organisationId = Guid.NewGuid();
        var people = new List<Person>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var organisation = new Organisation(organisationId, "Bench Capital");
            db.Organisations.Add(organisation);
            var project = new Project(projectId, organisation.Id, "Grid-scale storage due diligence",
                "A benchmark project: many collaborators and many upcoming meetings.", now);
            var clients = Math.Max(1, collaborators / 5);
            string[] zones = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata"];
            for (var i = 0; i < collaborators; i++)
            {
                var isClient = i < clients;
                var person = new Person(Guid.NewGuid(), isClient ? PersonKind.Client : PersonKind.Expert,
                    $"{(isClient ? "Client" : "Expert")} {i:D3} Benchmark", $"person{i:D3}@bench.example", zones[i % zones.Length],
                    isClient ? organisation.Id : null);
                db.People.Add(person);
                if (!isClient)
                {
                    db.Experts.Add(new Expert(person.Id, $"Energy storage specialist {i:D3}", "Seeded for the benchmarks.",
                        ["Storage", "Grid", "Batteries"], 5 + (i % 20), "Somewhere"));
                }

                project.AddCollaborator(person, now);
                people.Add(person);
            }

            db.Projects.Add(project);
            var organizer = people[0];
            for (var i = 0; i < meetings; i++)
            {
                var start = now.AddDays(1 + (i % 60)).AddMinutes(30 * (i % 16));
                var invited = new[] { people[1 + (i % (collaborators - 1))], people[1 + ((i + 7) % (collaborators - 1))], people[1 + ((i + 19) % (collaborators - 1))] }
                    .DistinctBy(p => p.Id)
                    .Select(p => (p.Id, p.Email, p.FullName))
                    .ToList();
                var meeting = Meeting.Schedule(Guid.NewGuid(), organizer.Id, MeetingContextKind.Project, projectId, "zoom",
                    $"Seeded meeting {i:D3}", "Seeded for the benchmarks.", start, start.AddMinutes(45), organizer.TimeZoneId, invited, now).Value;
                meeting.RecordVideoMeeting($"seeded-{i}", $"https://zoom.example/j/seeded{i}");
                meeting.MarkScheduled($"https://zoom.example/j/seeded{i}");
                db.Meetings.Add(meeting);
            }

            await db.SaveChangesAsync(ct);
        }

        var signIns = people.Take(accounts).Select(p => new BenchAccount(p.Id, p.Email, p.FullName, p.TimeZoneId)).ToList();
        await CreateAccountsAsync(services, signIns, ct);
        await LinkProvidersAsync(services, sandbox, signIns, ct);
        log.WriteLine($"Seeded 1 project with {collaborators} collaborators, {meetings} meetings, {accounts} sign-in account(s) with Zoom and Google linked, in {watch.Elapsed.TotalSeconds:0.0} s");
        var clientIds = people.Where(p => p.Kind == PersonKind.Client).Select(p => p.Id).ToHashSet();
        return new BenchWorld(organisationId, projectId, signIns, [.. signIns.Where(a => clientIds.Contains(a.PersonId))], [.. people.Select(p => p.Id)]);
    }

    private static async Task CreateAccountsAsync(IServiceProvider services, IReadOnlyList<BenchAccount> accounts, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() }));
                }
            }
        }

        // Password hashing is deliberately slow: a few at a time.
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (account, _) =>
        {
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var kind = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().People.Where(p => p.Id == account.PersonId).Select(p => p.Kind).SingleAsync(ct);
            var user = new ApplicationUser { Id = account.PersonId, UserName = account.Email, Email = account.Email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, kind == PersonKind.Client ? Roles.Client : Roles.Expert));
        });
    }

    private static async Task LinkProvidersAsync(IServiceProvider services, ProviderSandboxState sandbox, IReadOnlyList<BenchAccount> accounts, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = DateTimeOffset.UtcNow;
        foreach (var account in accounts)
        {
            foreach (var (provider, key) in new[] { (SandboxProvider.Zoom, ZoomProvider.Key), (SandboxProvider.Google, GoogleProvider.Key) })
            {
                var issued = sandbox.IssueTokens(provider, account.Email);
                db.ProviderConnections.Add(ProviderConnection.Connect(
                    Guid.NewGuid(),
                    account.PersonId,
                    key,
                    new ProviderAccount(issued.AccountId, account.Email),
                    new ProtectedTokens(protector.Protect(issued.AccessToken), protector.Protect(issued.RefreshToken!), now.AddSeconds(issued.ExpiresIn), issued.Scope),
                    now));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding benchmark accounts failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

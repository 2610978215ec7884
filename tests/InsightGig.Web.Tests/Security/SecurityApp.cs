using System.Net;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>Who makes a request in the security tests.</summary>
public enum Role
{
    /// <summary>Nobody signed in.</summary>
    Anonymous,

    /// <summary>Clara, client of Northwind (owns the Northwind project and brief, organizes the matrix meeting).</summary>
    Clara,

    /// <summary>Gina, client of Globex: another organisation.</summary>
    Gina,

    /// <summary>Erin, expert collaborator on the Northwind project (not on the Northwind brief, shared with Priya), participant of the matrix meeting.</summary>
    Erin,

    /// <summary>Marco, expert on Globex's project and brief, not on anything of Northwind.</summary>
    Marco,

    /// <summary>Ada, admin.</summary>
    Admin,
}

/// <summary>All tests under Security share one app and one sandbox; they run one after another and reset what they change.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityGroup : ICollectionFixture<SecurityApp>
{
    public const string Name = "Security app";
}

/// <summary>
/// The app (SQLite, demo data, Development, no Hangfire server) with its Zoom and Google adapters on a provider sandbox on
/// loopback. Clara, Gina, Erin, Marco and the admin have Zoom and Google linked, so that each of them could schedule: what
/// stops them is authorization, never a missing connection. <see cref="MatrixMeetingId"/> is a Zoom meeting Clara
/// scheduled on the Northwind project with Erin.
/// </summary>
public sealed class SecurityApp : IAsyncLifetime
{
    public const string MatrixMeetingTitle = "Security matrix call";

    private static readonly DemoAccount[] Linked = [DemoData.Clara, DemoData.Gina, DemoData.Erin, DemoData.Marco, DemoData.Admin];
    private readonly Dictionary<Role, HttpClient> _clients = [];
    private readonly Dictionary<Role, string> _tokens = [];

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedWebFactory Factory { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    public IServiceProvider Services => Factory.Services;

    public Guid MatrixMeetingId { get; private set; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A day whose London offset is known (+00:00), far enough ahead to be in the future.</summary>
    public static DateOnly Day { get; } = MeetingDates.NextMidJanuary();

    public static DemoAccount? Account(Role role) => role switch
    {
        Role.Clara => DemoData.Clara,
        Role.Gina => DemoData.Gina,
        Role.Erin => DemoData.Erin,
        Role.Marco => DemoData.Marco,
        Role.Admin => DemoData.Admin,
        _ => null,
    };

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            options.MeetConferencePendingDelay = TimeSpan.Zero;
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Gina, DemoData.Erin, DemoData.Hiro, DemoData.Priya, DemoData.Marco, DemoData.Sofia, DemoData.Admin })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        Factory = new SandboxedWebFactory(Sandbox.BaseAddress);
        _ = Factory.Server;
        await EnsureLinkedAsync();
        MatrixMeetingId = await ScheduleAsync(Role.Clara, MatrixMeetingTitle);
    }

    /// <summary>The signed-in client of <paramref name="role"/>, shared by the tests (anonymous: a client with no sign-in).</summary>
    public async Task<HttpClient> ClientAsync(Role role)
    {
        if (!_clients.TryGetValue(role, out var client))
        {
            client = Account(role) is { } account ? await Factory.CreateClientForAsync(account) : Factory.CreateAnonymousClient();
            _clients[role] = client;
        }

        return client;
    }

    /// <summary>A valid antiforgery token for <paramref name="role"/>'s client (tokens are per user and cookie, not per form).</summary>
    public async Task<string> TokenAsync(Role role)
    {
        if (!_tokens.TryGetValue(role, out var token))
        {
            var client = await ClientAsync(role);
            token = await InsightGigWebFactory.GetFormTokenAsync(client, role == Role.Anonymous ? "/Account/Login" : "/Account/Logout");
            _tokens[role] = token;
        }

        return token;
    }

    /// <summary>Re-links Zoom and Google for whoever of the linked people lost one (a test disconnected it).</summary>
    public async Task EnsureLinkedAsync()
    {
        foreach (var person in Linked)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var connections = await db.ProviderConnections.Where(c => c.PersonId == person.Id).ToListAsync(Ct);
            if (connections.Count == 2 && connections.All(c => c.Status == ConnectionStatus.Active))
            {
                continue;
            }

            db.ProviderConnections.RemoveRange(connections);
            await db.SaveChangesAsync(Ct);
            await SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, SandboxProvider.Zoom);
            await SandboxTestData.ConnectAsync(Services, State, person.Id, person.Email, SandboxProvider.Google);
        }
    }

    /// <summary>
    /// Schedules, through the dialog's POST, a 45-minute Zoom call on the Northwind project with Erin (15:00 London on
    /// <see cref="Day"/>); answers the meeting's id (the form's idempotency key).
    /// </summary>
    public async Task<Guid> ScheduleAsync(Role organizer = Role.Clara, string title = "Security test call")
    {
        var id = Guid.NewGuid();
        var client = await ClientAsync(organizer);
        using var content = Form(
            ("__RequestVerificationToken", await TokenAsync(organizer)),
            ("Form.IdempotencyKey", id.ToString()),
            ("Form.Platform", "zoom"),
            ("Form.Title", title),
            ("Form.Description", "Agenda: supply risks."),
            ("Form.Start", Local(Day.At(15))),
            ("Form.End", Local(Day.At(15, 45))),
            ("Form.Participants", DemoData.Erin.Id.ToString()));
        using var response = await client.PostAsync(new Uri($"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule", UriKind.Relative), content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Scheduling the test meeting answered {(int)response.StatusCode}.");
        Assert.Equal(MeetingStatus.Scheduled, (await MeetingAsync(id))?.Status);
        return id;
    }

    public static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    public async Task<Meeting?> MeetingAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, Ct);
    }

    /// <summary>How many of each kind of thing exist: what a refused request must not change.</summary>
    public async Task<Footprint> FootprintAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var meetings = await db.Meetings.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Version, m.Status, m.Title }).ToListAsync(Ct);
        var connections = await db.ProviderConnections.AsNoTracking().Where(c => c.Status == ConnectionStatus.Active).CountAsync(Ct);
        var attempts = await db.AccountLinkAttempts.AsNoTracking().CountAsync(Ct);
        return new Footprint(
            meetings.Count,
            string.Join(';', meetings.Select(m => $"{m.Id}:{m.Version}:{m.Status}:{m.Title.Length}")),
            connections,
            attempts,
            State.GetZoomMeetings(includeDeleted: true).Count,
            Linked.Concat([DemoData.Carlos, DemoData.Hiro, DemoData.Priya, DemoData.Sofia]).Sum(p => State.GetCalendarEvents(p.Email).Count));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}

/// <summary>
/// What exists: meetings (with each one's version, status and title length), active connections, link attempts, and what
/// the sandbox holds (Zoom meetings, deleted ones included, and calendar events).
/// </summary>
public sealed record Footprint(int Meetings, string MeetingStates, int ActiveConnections, int LinkAttempts, int ZoomMeetings, int CalendarEvents);

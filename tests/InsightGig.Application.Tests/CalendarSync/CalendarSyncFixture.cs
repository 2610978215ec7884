using System.Net.Http.Json;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Application.Tests.CalendarSync;

/// <summary>
/// The app's services (real DI, Mediator, SQLite with the demo data) whose Zoom and Google adapters talk over HTTP to a
/// provider sandbox on loopback; people's actions in Google Calendar are played through the sandbox's control API.
/// Shared by the tests of a class; each starts with <see cref="ResetAsync"/>.
/// </summary>
public class CalendarSyncFixture : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public CalendarSyncFixture()
    {
    }

    /// <param name="clock">The app's clock (the sweep's "now"), played by the test; the sandbox keeps real time.</param>
    protected CalendarSyncFixture(FakeTimeProvider clock) => Clock = clock;

    /// <summary>The app's fake clock, or null when the app runs on real time.</summary>
    public FakeTimeProvider? Clock { get; }

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedAppServices App { get; private set; } = null!;

    public ProviderSandboxState State => Sandbox.State;

    /// <summary>A client of the sandbox's control API (<c>/_sandbox/...</c>).</summary>
    public HttpClient Control { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Erin, DemoData.Hiro, DemoData.Priya })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        Control = new HttpClient { BaseAddress = Sandbox.BaseAddress };
        App = SandboxedAppServices.Create(DatabaseProvider.Sqlite, _database.ConnectionString, Sandbox, configureServices: services =>
        {
            if (Clock is not null)
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            }
        });
        await App.InitializeDatabaseAsync(seedDemoData: true);
    }

    public Task ResetAsync() => App.ResetAsync();

    public async Task ConnectAsync(DemoAccount person, params SandboxProvider[] providers)
    {
        foreach (var provider in providers)
        {
            await SandboxTestData.ConnectAsync(App.Services, State, person.Id, person.Email, provider);
        }
    }

    /// <summary>A 45-minute Zoom call of <paramref name="organizer"/> with Hiro on <paramref name="day"/> at 15:00 in the organizer's zone.</summary>
    public async Task<Meeting> ScheduleZoomWithHiroAsync(DemoAccount organizer, TestCurrentUser viewer, DateOnly day)
    {
        var result = await App.SendAsync(
            new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", "Battery sourcing call", "Agenda",
                day.At(15), day.At(15, 45), []),
            viewer);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var meeting = await MeetingAsync(result.Value.Id);
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(organizer.Id, meeting.OrganizerId);
        return meeting;
    }

    public Task<Meeting> MeetingAsync(Guid id) =>
        App.WithDbContextAsync(db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>One sync of <paramref name="organizer"/>'s calendar, as the background job sends it.</summary>
    public Task<CalendarSyncReport> SyncAsync(DemoAccount organizer) =>
        App.SendAsync(new SyncCalendarChangesCommand(organizer.Id), TestCurrentUser.Anonymous);

    /// <summary>POSTs to the sandbox's control API and answers the JSON it sent back (status checked).</summary>
    public async Task<HttpResponseMessage> ControlAsync(string path, object? body = null)
    {
        using var content = body is null ? null : JsonContent.Create(body);
        return await Control.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Control?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _database.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary><see cref="CalendarSyncFixture"/> with the app on a fake clock (starting at real time), so a test plays the sweep's minutes.</summary>
public sealed class ClockedCalendarSyncFixture() : CalendarSyncFixture(new FakeTimeProvider(DateTimeOffset.UtcNow));

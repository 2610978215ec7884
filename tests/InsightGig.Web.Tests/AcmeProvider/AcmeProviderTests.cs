using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Meetings;
using InsightGig.Web.Tests.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>The app with one more provider unit: this folder, registered by one line in <see cref="AcmeWebFactory"/>.</summary>
public sealed class AcmeWebFactory(Uri sandboxBase) : InsightGigWebFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in ProviderSandboxSettings.For(sandboxBase))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Jobs:RunServer", "false");
        builder.ConfigureTestServices(services => services.AddAcmeProvider());
    }
}

/// <summary>
/// The proof that a provider is one unit: Acme, known only to this folder, appears in the dialog, links through its own
/// consent, schedules, reschedules, cancels and converges through the same pages, use cases and engine as Zoom and Google.
/// </summary>
public sealed class AcmeProviderTests : IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly string HiroProfile = $"/Experts/{DemoData.Hiro.Id}";
    private ProviderSandboxServer _sandbox = null!;
    private AcmeWebFactory _factory = null!;

    private AcmeCloud Acme => _factory.Services.GetRequiredService<AcmeCloud>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await ProviderSandboxServer.StartAsync();
        _factory = new AcmeWebFactory(_sandbox.BaseAddress);
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_provider_known_only_to_its_folder_links_schedules_reschedules_converges_and_cancels()
    {
        using var clara = await _factory.CreateClientForAsync(DemoData.Clara);

        // It appears in the dialog, with its name, icon, notice and connect step, rendered from its descriptor.
        var profile = await PageAsync(clara, HiroProfile);
        var option = profile.QuerySelector("label[for='platform-acme-video']");
        Assert.NotNull(option);
        Assert.Contains("Acme Video", option.TextContent, StringComparison.Ordinal);
        Assert.Equal("/img/acme-video.svg", option.QuerySelector("img")?.GetAttribute("src"));
        var panel = profile.QuerySelector("[data-platform-panel='acme-video']")!;
        Assert.Contains("Use your work account.", panel.TextContent, StringComparison.Ordinal);
        var connect = panel.QuerySelector("button[formaction='/integrations/acme/connect']");
        Assert.Equal("Link your Acme account", connect?.TextContent.Trim());

        // It links through its own consent page and the one callback page every provider shares.
        await LinkAcmeAsync(clara, profile, HiroProfile + "?schedule=acme-video");
        var ready = await PageAsync(clara, HiroProfile + "?schedule=acme-video");
        Assert.Equal("true", ready.QuerySelector("#platform-acme-video")?.GetAttribute("data-ready"));
        Assert.Contains("Acme Calendar is connected (clara.client@northwind.example).", ready.QuerySelector("#schedule-dialog")!.TextContent, StringComparison.Ordinal);

        // It schedules: one Acme video meeting, one event in Acme Calendar (the calendar Clara linked) with its join link.
        var form = await ScheduleForm.FillAsync(clara, HiroProfile, "acme-video", "Supply review", "Agenda", ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(16)));
        using (var scheduled = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        }

        var meeting = await MeetingAsync();
        Assert.Equal((MeetingStatus.Scheduled, "acme-video"), (meeting.Status, meeting.PlatformKey));
        var video = Assert.Single(Acme.VideoMeetings.Values);
        var invite = Assert.Single(Acme.Events.Values);
        Assert.Equal((meeting.ProviderMeetingId, meeting.CalendarEventId), (video.Id, invite.Id));
        Assert.Equal(meeting.JoinUrl, invite.Location);
        Assert.Equal([DemoData.Hiro.Email], invite.Attendees);
        Assert.NotNull(meeting.CalendarConnectionId);
        var path = $"/meetings/{meeting.Id}";
        var page = await PageAsync(clara, path);
        Assert.Contains("Acme Calendar", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // It reschedules: both sides move.
        await PageForm.From(page, "#reschedule-form")
            .Set("Reschedule.Start", ScheduleForm.Local(Day.At(17))).Set("Reschedule.End", ScheduleForm.Local(Day.At(18)))
            .PostAndFollowAsync(clara, path);
        meeting = await MeetingAsync();
        Assert.Equal(meeting.StartUtc, Acme.VideoMeetings[video.Id].StartUtc);
        Assert.Equal((meeting.StartUtc, meeting.EndUtc), (Acme.Events[invite.Id].StartUtc, Acme.Events[invite.Id].EndUtc));
        Assert.False(meeting.IsConverging);

        // It converges: a change Acme could not take stays "updating…" and is applied by the sync job once Acme answers.
        Acme.VideoDown = true;
        await PageForm.From(await PageAsync(clara, path), "#edit-form").Set("Edit.Title", "Supply review (moved)").PostAndFollowAsync(clara, path);
        Assert.True((await MeetingAsync()).IsConverging);
        Assert.Equal("Supply review", Acme.VideoMeetings[video.Id].Title);
        Acme.VideoDown = false;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InsightGig.Infrastructure.Jobs.MeetingSyncJobs>().ConvergeAsync(meeting.Id, 1, Ct);
        }

        Assert.False((await MeetingAsync()).IsConverging);
        Assert.Equal("Supply review (moved)", Acme.VideoMeetings[video.Id].Title);
        Assert.Equal("Supply review (moved)", Acme.Events[invite.Id].Title);

        // It cancels: the Acme meeting and the event are deleted.
        var confirm = await PageAsync(clara, $"{path}?confirmCancel=true");
        await PageForm.From(confirm, "#cancel-form").PostAndFollowAsync(clara, path);
        Assert.Equal(MeetingStatus.Cancelled, (await MeetingAsync()).Status);
        Assert.True(Acme.VideoMeetings[video.Id].Deleted);
        Assert.True(Acme.Events[invite.Id].Deleted);
    }

    [Fact]
    public async Task A_person_with_two_calendars_chooses_on_connected_apps_which_one_sends_the_invites_and_meetings_follow_it()
    {
        await SandboxTestData.ConnectAsync(_factory.Services, _sandbox.State, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);
        await SandboxTestData.ConnectAsync(_factory.Services, _sandbox.State, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        using var clara = await _factory.CreateClientForAsync(DemoData.Clara);
        await LinkAcmeAsync(clara, await PageAsync(clara, HiroProfile), "/Account/ConnectedApps");

        // The calendar linked first receives the invites; the other can be chosen.
        var apps = await PageAsync(clara, "/Account/ConnectedApps");
        Assert.NotNull(apps.QuerySelector("#connection-google [data-invite-calendar]"));
        Assert.Null(apps.QuerySelector("#connection-acme [data-invite-calendar]"));
        Assert.Equal("Send my invites from Acme Calendar", apps.QuerySelector("#connection-acme form[action$='handler=ChooseCalendar'] button")?.TextContent.Trim());
        apps = await PageForm.From(apps, "#connection-acme form[action$='handler=ChooseCalendar']").PostAndFollowAsync(clara, "/Account/ConnectedApps");
        Assert.NotNull(apps.QuerySelector("#connection-acme [data-invite-calendar]"));
        Assert.Null(apps.QuerySelector("#connection-google [data-invite-calendar]"));
        Assert.Null(apps.QuerySelector("#connection-acme form[action$='handler=ChooseCalendar']"));

        // A Zoom meeting now sends its invite from Acme Calendar, and records that connection as the one holding its event.
        var form = await ScheduleForm.FillAsync(clara, HiroProfile, "zoom", "Supply review", null, ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(16)));
        using (var scheduled = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        }

        var meeting = await MeetingAsync();
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(meeting.CalendarEventId, Assert.Single(Acme.Events.Values).Id);
        Assert.Empty(_sandbox.State.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Single(_sandbox.State.GetZoomMeetings());
        await using var scope = _factory.Services.CreateAsyncScope();
        var acmeConnection = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().ProviderConnections
            .SingleAsync(c => c.PersonId == DemoData.Clara.Id && c.Provider == AcmeProvider.Key, Ct);
        Assert.Equal(acmeConnection.Id, meeting.CalendarConnectionId);
    }

    /// <summary>Starts linking Acme from <paramref name="page"/>'s form and follows its consent back to <paramref name="returnUrl"/>.</summary>
    private static async Task LinkAcmeAsync(HttpClient client, IDocument page, string returnUrl)
    {
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("returnUrl", returnUrl)]);
        using var started = await client.PostAsync(new Uri("/integrations/acme/connect", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.StartsWith("http://localhost/acme/consent?", started.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        using var consented = await client.GetAsync(started.Headers.Location, Ct);
        Assert.StartsWith("http://localhost/integrations/acme/callback?", consented.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        using var linked = await client.GetAsync(consented.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal(returnUrl, linked.Headers.Location!.OriginalString);
    }

    private async Task<Meeting> MeetingAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().SingleAsync(Ct);
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        return document;
    }
}

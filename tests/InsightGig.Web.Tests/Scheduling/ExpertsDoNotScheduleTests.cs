using System.Net;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Scheduling;

/// <summary>
/// Schedule a meeting is for clients: an expert sees no button on an expert's profile, a brief or a project, and a
/// POST made by hand (their own antiforgery token, Zoom and Google linked, a well-formed form) is refused with the
/// reason and creates nothing anywhere.
/// </summary>
public sealed class ExpertsDoNotScheduleTests(SandboxedWebApp app) : IClassFixture<SandboxedWebApp>, IAsyncLifetime
{
    private const string ScheduleButton = "button[data-dialog-open='schedule-dialog']";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, string> ExpertPages() => new()
    {
        { nameof(DemoData.Erin), $"/Experts/{DemoData.Hiro.Id}" },
        { nameof(DemoData.Erin), $"/Projects/{DemoData.NorthwindProjectId}" },
        { nameof(DemoData.Priya), $"/Briefs/{DemoData.NorthwindBriefId}" },
        { nameof(DemoData.Priya), $"/Experts/{DemoData.Hiro.Id}" },
    };

    private static DemoAccount Account(string name) => name switch
    {
        nameof(DemoData.Erin) => DemoData.Erin,
        nameof(DemoData.Priya) => DemoData.Priya,
        _ => DemoData.Clara,
    };

    [Theory]
    [MemberData(nameof(ExpertPages))]
    public async Task An_expert_sees_no_schedule_button_where_a_client_does(string expert, string url)
    {
        using var asExpert = await app.Factory.CreateClientForAsync(Account(expert));
        using var asClient = await app.Factory.CreateClientForAsync(DemoData.Clara);

        var (expertResponse, expertPage) = await asExpert.GetPageAsync(url);
        var (clientResponse, clientPage) = await asClient.GetPageAsync(url);
        using (expertResponse)
        using (clientResponse)
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (expertResponse.StatusCode, clientResponse.StatusCode));
        }

        Assert.Null(expertPage.QuerySelector(ScheduleButton));
        Assert.Null(expertPage.QuerySelector("#schedule-dialog"));
        Assert.NotNull(clientPage.QuerySelector(ScheduleButton));
    }

    public static TheoryData<string, string, string?> ForgedPosts() => new()
    {
        { "Erin on Hiro's profile", $"/Experts/{DemoData.Hiro.Id}?handler=Schedule", null },
        { "Erin on her own project, with a client", $"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule", DemoData.Carlos.Id.ToString() },
        { "Erin on her own project, with another expert", $"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule", DemoData.Hiro.Id.ToString() },
    };

    [Theory]
    [MemberData(nameof(ForgedPosts))]
    public async Task A_forged_schedule_post_by_an_expert_is_refused_with_the_reason_and_creates_nothing(string _, string url, string? participant)
    {
        await app.ConnectAsync(DemoData.Erin, SandboxProvider.Zoom);
        await app.ConnectAsync(DemoData.Erin, SandboxProvider.Google);
        using var erin = await app.Factory.CreateClientForAsync(DemoData.Erin);
        var token = await InsightGigWebFactory.GetFormTokenAsync(erin, "/Account/Logout");
        List<KeyValuePair<string, string>> fields =
        [
            new("__RequestVerificationToken", token),
            new("Form.IdempotencyKey", Guid.NewGuid().ToString()),
            new("Form.Platform", "zoom"),
            new("Form.Title", "Expert-to-expert call"),
            new("Form.Start", ScheduleForm.Local(Day.At(15))),
            new("Form.End", ScheduleForm.Local(Day.At(16))),
        ];
        if (participant is not null)
        {
            fields.Add(new("Form.Participants", participant));
        }

        using var content = new FormUrlEncodedContent(fields);
        using var response = await erin.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal(WhoSchedules.ExpertRefusedMessage, page.QuerySelector("#schedule-refused")?.TextContent.Trim());
        Assert.Null(page.QuerySelector(ScheduleButton));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(app.State.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(app.State.GetCalendarEvents(DemoData.Erin.Email));
    }
}

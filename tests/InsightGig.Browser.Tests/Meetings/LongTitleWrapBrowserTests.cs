using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests.Meetings;

/// <summary>
/// A 200-character title without a space (it once widened the page to 2,541 px) wraps wherever it shows: the document
/// is never wider than the viewport, on a desktop window and on a phone.
/// </summary>
public sealed class LongTitleWrapBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private static readonly string LongTitle = "Cobalt" + new string('X', Meeting.TitleMaxLength - 12) + "supply";

    private async Task<Guid> AddMeetingAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(2);
        var meeting = Meeting.Schedule(Guid.NewGuid(), DemoData.Clara.Id, MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", LongTitle,
            new string('D', 300), start, start.AddMinutes(30), "Europe/London", [(DemoData.Erin.Id, DemoData.Erin.Email, DemoData.Erin.FullName)], now).Value;
        meeting.RecordVideoMeeting("wrap-1", "https://zoom.example/j/" + new string('9', 120));
        meeting.MarkScheduled("https://zoom.example/j/" + new string('9', 120));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return meeting.Id;
    }

    /// <summary>How far the document is wider than the window (0 when it fits).</summary>
    private static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");

    [Fact]
    public async Task A_long_title_without_spaces_never_widens_the_page()
    {
        var id = await AddMeetingAsync();
        var state = App.Services.GetRequiredService<ProviderSandboxState>();
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        await SignInAsync(Page, DemoData.Clara);
        var erin = await NewPageAsync();
        await SignInAsync(erin, DemoData.Erin);

        foreach (var width in new[] { 1280, 390 })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await erin.SetViewportSizeAsync(width, 900);
            foreach (var (page, url) in new[]
            {
                (Page, "/Meetings"),
                (Page, $"/meetings/{id}"),
                (Page, $"/Projects/{DemoData.NorthwindProjectId}"),
                (erin, "/"),
                (erin, "/Meetings?q=cobalt"),
            })
            {
                await page.GotoAsync(url);
                await Expect(page.GetByText(LongTitle).First).ToBeVisibleAsync();
                Assert.True(await OverflowAsync(page) == 0, $"{url} at {width} px is {await OverflowAsync(page)} px wider than the window");
            }

            // The dialog with the title typed in.
            await Page.GotoAsync($"/Projects/{DemoData.NorthwindProjectId}");
            var dialog = await OpenScheduleDialogAsync(Page);
            await Platform(dialog, "Zoom").CheckAsync();
            await dialog.GetByLabel("Title").FillAsync(LongTitle);
            Assert.True(await OverflowAsync(Page) == 0, $"the dialog at {width} px widens the page");
        }

        await ScreenshotAsync(erin, "long-title-expert-home-phone");
        AssertNoScriptProblems();
    }
}

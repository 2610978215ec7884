using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Meetings;
using InsightGig.Web.Tests.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Profile;

/// <summary>The Profile page's time zone and working hours section: saved per person, shown back, refused next to the field.</summary>
public sealed class WorkingTimeTests(MeetingPagesApp app) : IClassFixture<MeetingPagesApp>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<IDocument> ProfileAsync(HttpClient client)
    {
        var (response, page) = await client.GetPageAsync("/Account/Profile");
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return page;
    }

    private async Task<(string Zone, string Hours)> SavedAsync(DemoAccount account)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == account.Id, TestContext.Current.CancellationToken);
        return (person.TimeZoneId, person.WorkingHours.ToString());
    }

    [Fact]
    public async Task The_seeded_zone_and_hours_are_shown_and_a_new_zone_and_hours_are_saved_and_times_are_shown_in_the_new_zone()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var clara = await app.ClientForAsync(DemoData.Clara);
        var day = MeetingDates.NextMidJanuary();
        var schedule = await ScheduleForm.FillAsync(clara, $"/Experts/{DemoData.Hiro.Id}", "zoom", "Zone check", null, ScheduleForm.Local(day.At(15)), ScheduleForm.Local(day.At(16)));
        using (var created = await schedule.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var page = await ProfileAsync(clara);
        var form = PageForm.From(page, "#working-time-form");
        Assert.Equal("Europe/London", form["WorkingTime.TimeZoneId"]);
        Assert.Equal(("true", "08:30", "17:30"), (form["WorkingTime.Days[0].Works"], form["WorkingTime.Days[0].Start"], form["WorkingTime.Days[0].End"]));
        Assert.Null(form["WorkingTime.Days[5].Works"]); // Saturday off
        Assert.True(page.QuerySelector("[data-browser-zone]")?.HasAttribute("hidden")); // only the browser's script shows the offer

        form.Set("WorkingTime.TimeZoneId", "Asia/Tokyo")
            .Set("WorkingTime.Days[4].Works") // Friday off
            .Set("WorkingTime.Days[5].Works", "true").Set("WorkingTime.Days[5].Start", "10:00").Set("WorkingTime.Days[5].End", "14:00");
        var saved = await form.PostAndFollowAsync(clara, "/Account/Profile#working-time");

        Assert.Contains("Your time zone (Asia/Tokyo) and working hours are saved.", saved.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(("Asia/Tokyo", "Mon 08:30-17:30; Tue 08:30-17:30; Wed 08:30-17:30; Thu 08:30-17:30; Sat 10:00-14:00"), await SavedAsync(DemoData.Clara));
        Assert.Equal("Asia/Tokyo", PageForm.From(saved, "#working-time-form")["WorkingTime.TimeZoneId"]);
        // The meeting stays at its instant (15:00 London = 00:00 Tokyo the next day) and is shown in the new zone at once.
        var (response, meetings) = await clara.GetPageAsync("/Meetings");
        response.Dispose();
        var shown = day.AddDays(1).At(0).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains($"{shown} (Asia/Tokyo)", meetings.QuerySelector(".meeting")?.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "WorkingTime.TimeZoneId", "Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a time zone on the list. Choose one such as Europe/London." },
        { "WorkingTime.TimeZoneId", "GMT Standard Time", "'GMT Standard Time' is not a time zone on the list. Choose one such as Europe/London." },
        { "WorkingTime.TimeZoneId", "", "Choose your time zone." },
        { "WorkingTime.Days[1].End", "07:00", "On Tuesday you must finish after you start." },
        { "WorkingTime.Days[2].Start", "", "Enter when you start on Wednesday." },
        { "WorkingTime.Days[3].Day", "Monday", "The working hours name a day twice or a day that does not exist. Reload the page and try again." },
        { "WorkingTime.Days[3].Day", "12", "The value '12' is not valid." },
        { "WorkingTime.Days[0].Start", "25:99", "The value '25:99' is not valid for Start." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Impossible_settings_are_refused_with_a_message_and_nothing_is_saved(string field, string value, string message)
    {
        var clara = await app.ClientForAsync(DemoData.Clara);
        var form = PageForm.From(await ProfileAsync(clara), "#working-time-form").Set(field, value);

        using var response = await form.PostAsync(clara);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains(message, page.QuerySelector("#working-time-errors")?.TextContent, StringComparison.Ordinal);
        if (field.EndsWith("TimeZoneId", StringComparison.Ordinal) || field.EndsWith(".End", StringComparison.Ordinal))
        {
            Assert.Equal(value, PageForm.From(page, "#working-time-form")[field] ?? string.Empty); // what was chosen is kept
        }

        Assert.Equal(("Europe/London", DemoData.Clara.WorkingHours.ToString()), await SavedAsync(DemoData.Clara));
    }
}

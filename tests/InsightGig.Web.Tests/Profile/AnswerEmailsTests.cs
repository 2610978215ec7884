using System.Net;
using AngleSharp.Dom;
using InsightGig.Application.Notifications.SendNotification;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Meetings;
using InsightGig.Web.Tests.Scheduling;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Profile;

/// <summary>
/// The Profile page's "Emails about answers" choice: on by default, turned off and on again by its form, and an organizer who
/// turned it off gets no email when a participant declines (the email is skipped, with the reason, when it would go).
/// </summary>
public sealed class AnswerEmailsTests(MeetingPagesApp app) : IClassFixture<MeetingPagesApp>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var (response, page) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return page;
    }

    private static bool Ticked(IDocument profile) => profile.QuerySelector("#answer-emails-on")?.HasAttribute("checked") ?? throw new InvalidOperationException("No answer emails checkbox.");

    private async Task<bool> TurnedOffAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().People.AsNoTracking()
            .Where(p => p.Id == DemoData.Clara.Id).Select(p => p.AnswerEmailsOff).SingleAsync(Ct);
    }

    [Fact]
    public async Task Answer_emails_are_on_by_default_and_an_organizer_who_turned_them_off_gets_none_when_a_participant_declines()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var clara = await app.ClientForAsync(DemoData.Clara);
        var profile = await PageAsync(clara, "/Account/Profile");
        Assert.True(Ticked(profile));
        Assert.Contains("declines it or proposes another time", profile.QuerySelector("#answer-emails")?.TextContent, StringComparison.Ordinal);

        var saved = await PageForm.From(profile, "#answer-emails form").Set("AnswerEmailsOn").PostAndFollowAsync(clara, "/Account/Profile#answer-emails");

        Assert.Contains("You will no longer get emails about answers.", saved.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.False(Ticked(saved));
        Assert.True(await TurnedOffAsync());

        // Hiro declines Clara's meeting on its page: the email to Clara is written with the answer, and skipped when it would go.
        var day = MeetingDates.NextMidJanuary();
        var schedule = await ScheduleForm.FillAsync(clara, $"/Experts/{DemoData.Hiro.Id}", "zoom", "Answer emails", null, ScheduleForm.Local(day.At(15)), ScheduleForm.Local(day.At(16)));
        using (var created = await schedule.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        Guid meetingId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            meetingId = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().Select(m => m.Id).SingleAsync(Ct);
        }

        using var hiro = await app.ClientForAsync(DemoData.Hiro);
        var path = $"/meetings/{meetingId}";
        await PageForm.From(await PageAsync(hiro, path), "#answer-form").Set("Answer.Choice", "Decline").PostAndFollowAsync(hiro, path);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var email = await db.Notifications.AsNoTracking().SingleAsync(n => n.RecipientPersonId == DemoData.Clara.Id && n.Kind == "participant-answered", Ct);
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SendNotificationCommand(email.Id), Ct);
            var sent = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == email.Id, Ct);
            Assert.Equal(NotificationStatus.Skipped, sent.Status);
            Assert.Equal("The recipient turned off emails about answers on Profile.", sent.LastError);
        }

        // Turned on again: the box is ticked and the choice saved.
        var again = await PageForm.From(await PageAsync(clara, "/Account/Profile"), "#answer-emails form").Set("AnswerEmailsOn", "true")
            .PostAndFollowAsync(clara, "/Account/Profile#answer-emails");
        Assert.Contains("You will get emails about answers to your meetings.", again.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.True(Ticked(again));
        Assert.False(await TurnedOffAsync());
    }
}

using System.Net;
using AngleSharp.Dom;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// Confidential guest lists: "Hide guest list" in the dialog (ticked by default when an expert is invited) reaches the calendar
/// event, and wherever InsightGig shows a meeting's participants an expert sees only the organizer and themselves, while the
/// organizer's colleagues see everyone.
/// </summary>
public sealed class GuestListTests(MeetingPagesApp app) : IClassFixture<MeetingPagesApp>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly string NorthwindProject = $"/Projects/{DemoData.NorthwindProjectId}";
    private static readonly string HiroProfile = $"/Experts/{DemoData.Hiro.Id}";

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(HttpClient Clara, Guid MeetingId)> ClaraSchedulesOnTheProjectAsync(params KeyValuePair<string, string>[] extra)
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        var clara = await app.ClientForAsync(DemoData.Clara);
        var form = await ScheduleForm.FillAsync(clara, NorthwindProject, "google-meet", "Supply chain review", null,
            ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(16)), DemoData.Carlos.Id, DemoData.Erin.Id, DemoData.Hiro.Id);
        foreach (var (name, value) in extra)
        {
            form = form with { Fields = [.. form.Fields.Where(f => f.Key != name), KeyValuePair.Create(name, value)] };
        }

        using (var response = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        return (clara, await OnlyMeetingIdAsync());
    }

    private async Task<Guid> OnlyMeetingIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return Assert.Single(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().Select(m => m.Id).ToListAsync(MeetingPagesApp.Ct));
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

    private static async Task<string> TextAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), MeetingPagesApp.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(MeetingPagesApp.Ct);
    }

    private static IReadOnlyList<string> Attendees(string ics) =>
        [.. ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n")
            .Where(l => l.StartsWith("ATTENDEE", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf("mailto:", StringComparison.Ordinal) + "mailto:".Length)..])
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_box_is_ticked_for_an_expert_and_follows_the_experts_among_the_collaborators()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        using var clara = await app.ClientForAsync(DemoData.Clara);

        var profile = await PageAsync(clara, HiroProfile);
        var project = await PageAsync(clara, NorthwindProject);

        var box = Assert.IsAssignableFrom<AngleSharp.Html.Dom.IHtmlInputElement>(profile.QuerySelector("#hide-guest-list"));
        Assert.True(box.IsChecked);
        Assert.Equal("Hide guest list", profile.QuerySelector("label[for='hide-guest-list']")?.TextContent.Trim());
        Assert.Equal("Participants will not see each other's emails in their invites.", profile.QuerySelector("#hide-guest-list-hint")?.TextContent.Trim());
        Assert.Equal("true", profile.QuerySelector("[data-hide-guest-list-shown]")?.GetAttribute("value"));
        // On a project nobody is ticked yet: the box starts unticked and each collaborator says whether choosing them hides it.
        Assert.False(Assert.IsAssignableFrom<AngleSharp.Html.Dom.IHtmlInputElement>(project.QuerySelector("#hide-guest-list")).IsChecked);
        Assert.Equal("false", project.QuerySelector($"#participant-{DemoData.Carlos.Id}")?.GetAttribute("data-hides-guest-list"));
        Assert.Equal("true", project.QuerySelector($"#participant-{DemoData.Erin.Id}")?.GetAttribute("data-hides-guest-list"));
    }

    [Fact]
    public async Task An_untouched_box_hides_the_guest_list_when_an_expert_is_invited_and_an_expert_sees_only_the_organizer_and_themselves()
    {
        var (clara, id) = await ClaraSchedulesOnTheProjectAsync();
        using var _ = clara;
        var path = $"/meetings/{id}";
        using var erin = await app.ClientForAsync(DemoData.Erin);
        using var carlos = await app.ClientForAsync(DemoData.Carlos);

        Assert.True((await app.MeetingAsync(id)).HideGuestList);
        var calendarEvent = Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email));
        Assert.False(calendarEvent.GuestsCanSeeOtherGuests);

        // Erin (an expert): herself, "and 2 others", nobody else's name or email on the page, in My meetings or in her .ics.
        var erinPage = await PageAsync(erin, path);
        Assert.Equal(["Erin Okafor"], erinPage.QuerySelectorAll("#participants .person__name").Select(n => n.TextContent.Replace("you", string.Empty, StringComparison.Ordinal).Trim()));
        Assert.Contains("and 2 others", erinPage.QuerySelector("#other-participants")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Participants (3)", erinPage.QuerySelector("#participants-title")?.TextContent.Trim());
        var erinHtml = await TextAsync(erin, path);
        var erinList = await TextAsync(erin, "/Meetings");
        var erinIcs = await TextAsync(erin, path + "/ics");
        foreach (var other in new[] { DemoData.Carlos, DemoData.Hiro })
        {
            Assert.DoesNotContain(other.Email, erinHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(other.FullName, erinHtml, StringComparison.Ordinal);
            Assert.DoesNotContain(other.FullName, erinList, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Email, erinIcs, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("and 2 others", erinList, StringComparison.Ordinal);
        Assert.Equal([DemoData.Erin.Email], Attendees(erinIcs));
        Assert.Contains($"mailto:{DemoData.Clara.Email}", erinIcs, StringComparison.Ordinal);

        // Carlos (Clara's colleague) sees everyone on the page; his .ics is his invite, which the hidden list shows only him.
        var carlosPage = await PageAsync(carlos, path);
        Assert.Equal(["Carlos Mendes", "Erin Okafor", "Hiro Tanaka"],
            carlosPage.QuerySelectorAll("#participants .person__name").Select(n => n.TextContent.Replace("you", string.Empty, StringComparison.Ordinal).Trim()));
        Assert.Null(carlosPage.QuerySelector("#other-participants"));
        Assert.Contains("Hiro Tanaka", await TextAsync(carlos, "/Meetings"), StringComparison.Ordinal);
        Assert.Equal([DemoData.Carlos.Email], Attendees(await TextAsync(carlos, path + "/ics")));

        // The organizer's .ics lists everyone.
        Assert.Equal(new[] { DemoData.Carlos.Email, DemoData.Erin.Email, DemoData.Hiro.Email }.Order(StringComparer.Ordinal),
            Attendees(await TextAsync(clara, path + "/ics")));
    }

    [Fact]
    public async Task With_the_box_unticked_the_calendar_shows_guests_but_an_expert_still_sees_no_one_elses_email_in_insightgig()
    {
        // The page showed the box ticked and the organizer unticked it: the browser posts the mark but not the box.
        var (clara, id) = await ClaraSchedulesOnTheProjectAsync(KeyValuePair.Create("Form.HideGuestListShown", "true"));
        using var _ = clara;
        var path = $"/meetings/{id}";
        using var erin = await app.ClientForAsync(DemoData.Erin);
        using var carlos = await app.ClientForAsync(DemoData.Carlos);

        Assert.False((await app.MeetingAsync(id)).HideGuestList);
        Assert.True(Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email)).GuestsCanSeeOtherGuests);
        var erinHtml = await TextAsync(erin, path);
        var erinIcs = await TextAsync(erin, path + "/ics");
        Assert.DoesNotContain(DemoData.Hiro.Email, erinHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DemoData.Carlos.Email, erinHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DemoData.Hiro.FullName, erinHtml, StringComparison.Ordinal);
        Assert.Equal([DemoData.Erin.Email], Attendees(erinIcs));
        // A colleague's invite lists everyone when the list is not hidden, and so does his .ics.
        Assert.Equal(3, Attendees(await TextAsync(carlos, path + "/ics")).Count);
    }

    [Fact]
    public async Task The_organizer_hides_the_guest_list_later_with_edit_details_and_the_calendar_event_follows()
    {
        var (clara, id) = await ClaraSchedulesOnTheProjectAsync(KeyValuePair.Create("Form.HideGuestListShown", "true"));
        using var _ = clara;
        var path = $"/meetings/{id}";
        var page = await PageAsync(clara, path);
        var form = PageForm.From(page, "#edit-form");
        Assert.Null(form["Edit.HideGuestList"]);

        var saved = await form.Set("Edit.HideGuestList", "true").PostAndFollowAsync(clara, path);

        Assert.True((await app.MeetingAsync(id)).HideGuestList);
        Assert.False(Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email)).GuestsCanSeeOtherGuests);
        Assert.Contains("Guest list hidden from participants", saved.QuerySelector("#history")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", PageForm.From(saved, "#edit-form")["Edit.HideGuestList"]);

        // Unticking shows it again (the form says so; it is not "unchanged").
        await PageForm.From(saved, "#edit-form").Set("Edit.HideGuestList").PostAndFollowAsync(clara, path);
        Assert.False((await app.MeetingAsync(id)).HideGuestList);
        Assert.True(Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email)).GuestsCanSeeOtherGuests);
    }

    [Fact]
    public async Task A_one_to_one_with_an_expert_from_the_profile_hides_the_guest_list_as_the_ticked_box_says()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        using var clara = await app.ClientForAsync(DemoData.Clara);
        var form = await ScheduleForm.FillAsync(clara, HiroProfile, "google-meet", "Market sizing", null,
            ScheduleForm.Local(Day.At(10)), ScheduleForm.Local(Day.At(11)));
        Assert.Contains(form.Fields, f => f.Key == "Form.HideGuestList" && f.Value == "true");

        using (var response = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.True((await app.MeetingAsync(await OnlyMeetingIdAsync())).HideGuestList);
        Assert.False(Assert.Single(app.State.GetCalendarEvents(DemoData.Clara.Email)).GuestsCanSeeOtherGuests);
    }
}

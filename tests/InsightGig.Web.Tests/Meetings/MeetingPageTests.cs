using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Scheduling;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// The meeting page (<c>/meetings/{id}</c>) over HTTP as signed-in people use it, with the app's adapters talking to the
/// provider sandbox: who sees it, the organizer's Reschedule / Edit details / Cancel forms (PRG, errors next to fields,
/// "this meeting changed" for a stale form), "updating…" while a provider is down, and the .ics download.
/// </summary>
public sealed class MeetingPageTests(MeetingPagesApp app) : IClassFixture<MeetingPagesApp>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private const string Description = "Agenda: cobalt supply risks.";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly DateOnly Next = Day.AddDays(1);
    private static readonly string HiroProfile = $"/Experts/{DemoData.Hiro.Id}";
    private static readonly string NorthwindProject = $"/Projects/{DemoData.NorthwindProjectId}";

    private ProviderSandboxState Sandbox => app.State;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Local(DateTime value) => ScheduleForm.Local(value);

    private static string Shown(DateTime wallClock) => wallClock.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        return document;
    }

    private static string Text(IDocument page, string selector) =>
        string.Join(' ', (page.QuerySelector(selector)?.TextContent ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static DateTimeOffset EventTime(CalendarEventInfo calendarEvent, string which) =>
        DateTimeOffset.Parse(calendarEvent.Resource[which]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>The meeting page the confirmation below "Schedule a meeting" links to, after scheduling on <paramref name="contextPage"/>.</summary>
    private static async Task<Guid> ScheduleAsync(HttpClient organizer, string contextPage, string platform, DateTime start, DateTime end, params Guid[] participants)
    {
        var form = await ScheduleForm.FillAsync(organizer, contextPage, platform, Title, Description, Local(start), Local(end), participants);
        using (var response = await form.PostAsync(organizer))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var confirmed = await PageAsync(organizer, contextPage);
        var link = confirmed.QuerySelector(".schedule__confirmation #scheduled-meeting-link")?.GetAttribute("href");
        Assert.NotNull(link);
        Assert.StartsWith("/meetings/", link, StringComparison.Ordinal);
        return Guid.Parse(link["/meetings/".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Clara (Zoom and Google linked) schedules a 45-minute Zoom call with Hiro on <see cref="Day"/> at 15:00 London.</summary>
    private async Task<(HttpClient Clara, Guid MeetingId, string Path)> ClaraMeetsHiroOnZoomAsync()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var clara = await app.ClientForAsync(DemoData.Clara);
        var id = await ScheduleAsync(clara, HiroProfile, "zoom", Day.At(15), Day.At(15, 45));
        return (clara, id, $"/meetings/{id}");
    }

    [Fact]
    public async Task Participants_see_the_meeting_in_their_own_time_zone_without_the_change_forms_and_anyone_else_gets_404()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        using var hiro = await app.ClientForAsync(DemoData.Hiro);

        var page = await PageAsync(hiro, path);

        Assert.Equal(Title, Text(page, "h1"));
        // 15:00 in London in January is 00:00 the next day in Tokyo.
        Assert.Equal($"{Shown(Day.AddDays(1).At(0))} – 00:45 (Asia/Tokyo)", Text(page, "#meeting-when"));
        Assert.Equal($"{Shown(Day.At(15))} – 15:45 (Europe/London)", Text(page, "#meeting-when-organizer"));
        Assert.Equal("Scheduled", Text(page, "#meeting-status"));
        Assert.Equal(Assert.Single(Sandbox.GetZoomMeetings()).JoinUrl, page.QuerySelector("#join-link")?.GetAttribute("href"));
        Assert.Equal(Description, Text(page, "#meeting-description"));
        Assert.Equal(HiroProfile, page.QuerySelector("#meeting-context")?.GetAttribute("href"));
        Assert.Equal("Hiro Tanaka you Awaiting reply", Text(page, "#participants .participant"));
        Assert.Equal($"{path}/ics", page.QuerySelector("#add-to-calendar")?.GetAttribute("href"));
        Assert.Contains("Scheduled", Text(page, "#history"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#reschedule-form"));
        Assert.Null(page.QuerySelector("#edit-form"));
        Assert.Null(page.QuerySelector("#cancel-start"));
        Assert.DoesNotContain(page.QuerySelectorAll("main h2, main h3"), h => string.IsNullOrWhiteSpace(h.TextContent));

        var organizerPage = await PageAsync(clara, path);
        Assert.NotNull(organizerPage.QuerySelector("#reschedule-form"));
        Assert.NotNull(organizerPage.QuerySelector("#edit-form"));
        Assert.NotNull(organizerPage.QuerySelector("#cancel-start"));
        Assert.Null(organizerPage.QuerySelector("#meeting-when-organizer"));

        // Linked from My meetings.
        var mine = await PageAsync(hiro, "/Meetings");
        Assert.Equal(path, mine.QuerySelector(".meeting a.list__title")?.GetAttribute("href"));

        foreach (var stranger in new[] { DemoData.Gina, DemoData.Carlos, DemoData.Admin })
        {
            using var client = await app.ClientForAsync(stranger);
            using var meetingPage = await client.GetAsync(new Uri(path, UriKind.Relative), MeetingPagesApp.Ct);
            using var ics = await client.GetAsync(new Uri(path + "/ics", UriKind.Relative), MeetingPagesApp.Ct);
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (meetingPage.StatusCode, ics.StatusCode));
        }

        using var anonymous = app.Factory.CreateAnonymousClient();
        using var signIn = await anonymous.GetAsync(new Uri(path, UriKind.Relative), MeetingPagesApp.Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/Account/Login", signIn.Headers.Location?.AbsolutePath ?? signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organizer_reschedules_in_her_own_zone_and_zoom_and_the_calendar_event_both_move()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        var form = PageForm.From(await PageAsync(clara, path), "#reschedule-form");
        Assert.Equal(("0", Local(Day.At(15)), Local(Day.At(15, 45))), (form["Reschedule.ExpectedVersion"], form["Reschedule.Start"], form["Reschedule.End"]));

        var page = await form.Set("Reschedule.Start", Local(Next.At(10))).Set("Reschedule.End", Local(Next.At(11, 30))).PostAndFollowAsync(clara, path);

        Assert.Equal("Meeting rescheduled. The video meeting and everyone's calendar invite are up to date.", Text(page, ".status-region .alert--ok"));
        Assert.Equal($"{Shown(Next.At(10))} – 11:30 (Europe/London)", Text(page, "#meeting-when"));
        Assert.Null(page.QuerySelector("#meeting-updating"));
        Assert.Equal("1", PageForm.From(page, "#reschedule-form")["Reschedule.ExpectedVersion"]);
        Assert.StartsWith("Rescheduled · ", Text(page, "#history li"), StringComparison.Ordinal);
        Assert.EndsWith("· by Clara Whitfield · from InsightGig", Text(page, "#history li"), StringComparison.Ordinal);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Equal((Next.UtcAt(10), 90), (zoom.StartTime, zoom.Duration));
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal((Next.UtcAt(10), Next.UtcAt(11, 30)), (EventTime(invite, "start"), EventTime(invite, "end")));
        Assert.Equal(("patch", "all"), (invite.Notifications[^1].Operation, invite.Notifications[^1].SendUpdates));
    }

    [Fact]
    public async Task A_participant_answers_on_the_page_a_bad_proposal_is_shown_next_to_its_field_and_others_cannot_answer()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        using var hiro = await app.ClientForAsync(DemoData.Hiro);
        using var gina = await app.ClientForAsync(DemoData.Gina);
        var page = await PageAsync(hiro, path);
        Assert.Equal("Awaiting reply", Text(page, "#my-answer"));
        Assert.Null((await PageAsync(clara, path)).QuerySelector("#answer-form"));

        // An end before the start: 400, the error next to the field, what was typed kept, nothing saved.
        using (var refused = await PageForm.From(page, "#propose-form")
            .Set("Answer.Start", Local(Next.At(10))).Set("Answer.End", Local(Next.At(9))).PostAsync(hiro))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var shown = await refused.ReadDocumentAsync();
            Assert.Equal("The end must be after the start.", Text(shown, "#error-Answer-End"));
            Assert.Contains("The end must be after the start.", Text(shown, "#answer-errors"), StringComparison.Ordinal);
            Assert.Equal(Local(Next.At(9)), shown.QuerySelector("[name='Answer.End']")?.GetAttribute("value"));
        }

        Assert.Empty((await app.MeetingAsync(id)).Proposals);

        // The organizer posting an answer is refused with a sentence; another organisation's client finds no meeting.
        var claraForm = PageForm.From(await PageAsync(clara, path), "#reschedule-form");
        using (var organizer = await claraForm.PostingTo(path + "?handler=Answer").Set("Answer.Choice", "Accept").PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.BadRequest, organizer.StatusCode);
        }

        var ginaForm = PageForm.From(await PageAsync(gina, "/Meetings"), "form[method='post']");
        using (var outsider = await ginaForm.PostingTo(path + "?handler=Answer").Set("Answer.Choice", "Accept").PostAsync(gina))
        {
            Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        }

        // Hiro declines: PRG, and the page says where the answer was given.
        var declined = await PageForm.From(await PageAsync(hiro, path), "#answer-form").Set("Answer.Choice", "Decline").PostAndFollowAsync(hiro, path);
        Assert.Equal("Declined in InsightGig", Text(declined, "#my-answer"));
        Assert.Equal("Hiro Tanaka you Declined in InsightGig", Text(declined, "#participants .participant"));
        var hiroNow = (await app.MeetingAsync(id)).Participants.Single();
        Assert.Equal((ResponseStatus.Declined, ResponseSource.InsightGig), (hiroNow.Response, hiroNow.ResponseSource));
        Assert.Contains("1 declined", Text(await PageAsync(clara, "/Meetings"), ".meeting__declines"), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> InvalidChanges => new()
    {
        { "#reschedule-form", "Reschedule.End", "earlier", "The end must be after the start." },
        { "#reschedule-form", "Reschedule.Start", "soon", "The value 'soon' is not valid for Starting date & time." },
        { "#reschedule-form", "Reschedule.Start", "yesterday", "The start must be in the future." },
        { "#edit-form", "Edit.Title", "", "Enter a title." },
        { "#edit-form", "Edit.Description", "long", "The description can have at most 8000 characters." },
    };

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public async Task An_invalid_change_is_shown_next_to_its_field_with_what_was_typed_and_nothing_changes(string formId, string field, string input, string message)
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var typed = input switch
        {
            "earlier" => Local(Day.At(14)),
            "yesterday" => Local(yesterday.At(10)),
            "long" => new string('d', 8001),
            _ => input,
        };
        var form = PageForm.From(await PageAsync(clara, path), formId).Set(field, typed);
        if (input == "yesterday")
        {
            form.Set("Reschedule.End", Local(yesterday.At(11)));
        }

        using var response = await form.PostAsync(clara);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var errorId = "error-" + field.Replace('.', '-');
        Assert.Equal(message, Text(page, "#" + errorId));
        var input1 = page.QuerySelector($"[name='{field}']")!;
        Assert.Equal(errorId, input1.GetAttribute("aria-describedby"));
        Assert.Equal("true", input1.GetAttribute("aria-invalid"));
        var summary = page.QuerySelector(formId + " [role='alert']");
        Assert.Contains(message, summary?.TextContent, StringComparison.Ordinal);
        Assert.Equal(typed, input1 is AngleSharp.Html.Dom.IHtmlTextAreaElement area ? area.Value : input1.GetAttribute("value"));
        var meeting = await app.MeetingAsync(id);
        Assert.Equal((0, Title, Day.UtcAt(15)), (meeting.Version, meeting.Title, meeting.StartUtc));
    }

    [Fact]
    public async Task A_stale_form_is_answered_with_this_meeting_changed_and_the_current_version_never_a_silent_overwrite()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        var opened = await PageAsync(clara, path);
        var staleEdit = PageForm.From(opened, "#edit-form").Set("Edit.Title", "Renamed in the old tab");
        // Meanwhile, in another tab, the meeting is moved.
        await PageForm.From(opened, "#reschedule-form").Set("Reschedule.Start", Local(Next.At(9))).Set("Reschedule.End", Local(Next.At(10)))
            .PostAndFollowAsync(clara, path);

        using var response = await staleEdit.PostAsync(clara);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var conflict = Text(page, "#meeting-conflict");
        Assert.Contains("This meeting changed since you opened it (in another tab or in Google Calendar).", conflict, StringComparison.Ordinal);
        Assert.Contains("Your change was not saved.", conflict, StringComparison.Ordinal);
        Assert.Equal("alert", page.QuerySelector("#meeting-conflict")?.GetAttribute("role"));
        var edit = PageForm.From(page, "#edit-form");
        Assert.Equal(("1", Title), (edit["Edit.ExpectedVersion"], edit["Edit.Title"]));
        Assert.Equal(Local(Next.At(9)), PageForm.From(page, "#reschedule-form")["Reschedule.Start"]);
        Assert.Equal($"{Shown(Next.At(9))} – 10:00 (Europe/London)", Text(page, "#meeting-when"));
        var meeting = await app.MeetingAsync(id);
        Assert.Equal((1, Title), (meeting.Version, meeting.Title));
        Assert.Equal(Title, Assert.Single(Sandbox.GetZoomMeetings()).Topic);

        // Sent again from the page that now shows version 1, the change is made.
        var saved = await edit.Set("Edit.Title", "Renamed in the old tab").PostAndFollowAsync(clara, path);
        Assert.Equal("Renamed in the old tab", Text(saved, "h1"));
    }

    [Fact]
    public async Task Cancelling_asks_for_confirmation_then_deletes_zoom_and_the_event_and_the_ics_says_cancel()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        using var hiro = await app.ClientForAsync(DemoData.Hiro);
        var first = await PageAsync(clara, path);
        Assert.Null(first.QuerySelector("#cancel-form"));
        Assert.Equal($"{path}?confirmCancel=true#cancel-confirm-text", first.QuerySelector("#cancel-start")?.GetAttribute("href"));
        var request = await IcsAsync(hiro, path);

        var confirm = await PageAsync(clara, $"{path}?confirmCancel=true");
        Assert.Contains($"Cancel “{Title}” for everyone?", Text(confirm, "#cancel-confirm-text"), StringComparison.Ordinal);
        Assert.Equal("Note to participants (optional)", Text(confirm, "label[for='Cancel_Note']"));
        // A post that skipped the confirmation step only shows it.
        using (var unconfirmed = await PageForm.From(confirm, "#cancel-form").Set("Cancel.Confirmed").PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
            Assert.NotNull((await unconfirmed.ReadDocumentAsync()).QuerySelector("#cancel-form"));
            Assert.Equal(MeetingStatus.Scheduled, (await app.MeetingAsync(id)).Status);
        }

        var page = await PageForm.From(confirm, "#cancel-form").Set("Cancel.Note", "Postponed to February, sorry.").PostAndFollowAsync(clara, path);

        Assert.Equal("Meeting cancelled. The video meeting and everyone's calendar invite are up to date.", Text(page, ".status-region .alert--ok"));
        Assert.Equal("Cancelled", Text(page, "#meeting-status"));
        Assert.Contains("This meeting was cancelled", Text(page, "#cancelled"), StringComparison.Ordinal);
        Assert.Contains("Postponed to February, sorry.", Text(page, "#cancelled"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#reschedule-form"));
        Assert.Null(page.QuerySelector("#join-link"));
        Assert.True(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted);
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal(("cancelled", "delete", "all"), (invite.Status, invite.Notifications[^1].Operation, invite.Notifications[^1].SendUpdates));
        var cancel = await IcsAsync(hiro, path);
        Assert.Equal(("PUBLISH", "0", "CONFIRMED"), (Value(request, "METHOD"), Value(request, "SEQUENCE"), Value(request, "STATUS")));
        Assert.Equal(("CANCEL", "1", "CANCELLED"), (Value(cancel, "METHOD"), Value(cancel, "SEQUENCE"), Value(cancel, "STATUS")));
        Assert.Equal(Value(request, "UID"), Value(cancel, "UID"));
        Assert.Equal(invite.Resource["iCalUID"]!.GetValue<string>(), Value(cancel, "UID"));
    }

    [Fact]
    public async Task The_ics_download_is_an_rfc_5545_file_with_the_people_the_join_link_and_utc_times()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        using var hiro = await app.ClientForAsync(DemoData.Hiro);

        using var response = await hiro.GetAsync(new Uri(path + "/ics", UriKind.Relative), MeetingPagesApp.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("battery-sourcing-call.ics", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var lines = Lines(await response.Content.ReadAsStringAsync(MeetingPagesApp.Ct));
        Assert.Equal(("BEGIN:VCALENDAR", "END:VCALENDAR"), (lines[0], lines[^1]));
        Assert.Equal(Day.UtcAt(15).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), Value(lines, "DTSTART"));
        Assert.Equal(Day.UtcAt(15, 45).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), Value(lines, "DTEND"));
        Assert.Equal("Europe/London", Value(lines, "X-WR-TIMEZONE"));
        Assert.Equal(Assert.Single(Sandbox.GetZoomMeetings()).JoinUrl, Value(lines, "URL"));
        Assert.Contains(lines, l => l == $"ORGANIZER;CN=Clara Whitfield:mailto:{DemoData.Clara.Email}");
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE;CN=Hiro Tanaka;", StringComparison.Ordinal) && l.EndsWith($":mailto:{DemoData.Hiro.Email}", StringComparison.Ordinal));
        Assert.Equal(Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email)).Resource["iCalUID"]!.GetValue<string>(), Value(lines, "UID"));
    }

    [Fact]
    public async Task While_zoom_is_down_the_page_shows_updating_with_the_reason_and_a_refresh_link_until_the_job_finishes()
    {
        var (clara, id, path) = await ClaraMeetsHiroOnZoomAsync();
        using var _ = clara;
        using var hiro = await app.ClientForAsync(DemoData.Hiro);
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Api, Status = 503 });

        var page = await PageForm.From(await PageAsync(clara, path), "#reschedule-form")
            .Set("Reschedule.Start", Local(Next.At(10))).Set("Reschedule.End", Local(Next.At(11))).PostAndFollowAsync(clara, path);

        const string Problem = "Waiting for Zoom to answer; the change will be applied automatically.";
        Assert.Equal($"Meeting rescheduled in InsightGig, but not everywhere yet: {Problem}", Text(page, ".status-region .alert--ok"));
        Assert.Equal("updating…", Text(page, "#meeting-updating"));
        Assert.Equal(path, page.QuerySelector("#sync-state a")?.GetAttribute("href"));
        Assert.Equal("Refresh", Text(page, "#sync-state a"));
        Assert.Equal(Problem, Text(page, "#sync-problem"));
        Assert.Equal($"{Shown(Next.At(10))} – 11:00 (Europe/London)", Text(page, "#meeting-when"));
        var participantView = await PageAsync(hiro, path);
        Assert.Equal("updating…", Text(participantView, "#meeting-updating"));
        Assert.Null(participantView.QuerySelector("#sync-problem"));
        Assert.Equal(Day.UtcAt(15), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);

        Sandbox.ClearFaults();
        await app.RunSyncJobAsync(id);

        var refreshed = await PageAsync(clara, path);
        Assert.Null(refreshed.QuerySelector("#meeting-updating"));
        Assert.Null(refreshed.QuerySelector("#sync-state"));
        Assert.Equal(Next.UtcAt(10), Assert.Single(Sandbox.GetZoomMeetings()).StartTime);
        Assert.Equal(Next.UtcAt(10), EventTime(Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email)), "start"));
    }

    [Fact]
    public async Task A_revoked_zoom_grant_tells_the_organizer_to_reconnect_zoom_with_a_link_to_connected_apps()
    {
        var (clara, _, path) = await ClaraMeetsHiroOnZoomAsync();
        using var client = clara;
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });
        Sandbox.ExpireAccessTokens(SandboxProvider.Zoom);

        var page = await PageForm.From(await PageAsync(clara, path), "#edit-form").Set("Edit.Title", "Renamed").PostAndFollowAsync(clara, path);

        Assert.Equal("Renamed", Text(page, "h1"));
        Assert.StartsWith("Reconnect Zoom to finish this change.", Text(page, "#sync-problem"), StringComparison.Ordinal);
        Assert.Equal("/Account/ConnectedApps", page.QuerySelector("#sync-problem a")?.GetAttribute("href"));
        Assert.Equal("updating…", Text(page, "#meeting-updating"));
    }

    [Fact]
    public async Task On_a_project_meeting_the_organizer_changes_who_takes_part_with_the_collaborator_checkboxes()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        using var clara = await app.ClientForAsync(DemoData.Clara);
        var id = await ScheduleAsync(clara, NorthwindProject, "google-meet", Day.At(15), Day.At(16), DemoData.Carlos.Id, DemoData.Erin.Id);
        var path = $"/meetings/{id}";
        var project = await PageAsync(clara, NorthwindProject);
        Assert.Equal(path, project.QuerySelector("section[aria-labelledby='meetings-title'] a.list__title")?.GetAttribute("href"));
        var page = await PageAsync(clara, path);
        Assert.Equal("Collaborators", Text(page, "#edit-form fieldset legend"));
        Assert.Equal([DemoData.Carlos.Id.ToString(), DemoData.Erin.Id.ToString(), DemoData.Hiro.Id.ToString(), DemoData.Sofia.Id.ToString()],
            page.QuerySelectorAll("#edit-form input[name='Edit.Participants']").Select(b => b.GetAttribute("value")!).Order(StringComparer.Ordinal));
        var form = PageForm.From(page, "#edit-form");
        Assert.Equal([DemoData.Carlos.Id.ToString(), DemoData.Erin.Id.ToString()], form.Fields.Where(f => f.Key == "Edit.Participants").Select(f => f.Value).Order(StringComparer.Ordinal));

        var saved = await form.Set("Edit.Participants", DemoData.Erin.Id.ToString(), DemoData.Sofia.Id.ToString()).PostAndFollowAsync(clara, path);

        Assert.Equal(["Erin Okafor", "Sofia Alvarez"], saved.QuerySelectorAll("#participants .person__name").Select(n => n.TextContent.Trim()));
        Assert.Equal([DemoData.Erin.Email, DemoData.Sofia.Email], Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email)).AttendeeEmails.Order(StringComparer.Ordinal));

        // Nobody ticked is "nobody", not "unchanged".
        using var none = await PageForm.From(saved, "#edit-form").Set("Edit.Participants").PostAsync(clara);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("Choose at least one collaborator other than yourself.", Text(await none.ReadDocumentAsync(), "#error-Edit-Participants"));
        Assert.Equal(2, (await app.MeetingAsync(id)).Participants.Count);
    }

    private static async Task<IReadOnlyList<string>> IcsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path + "/ics", UriKind.Relative), MeetingPagesApp.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Lines(await response.Content.ReadAsStringAsync(MeetingPagesApp.Ct));
    }

    /// <summary>Content lines (CRLF ends, folded lines joined back: RFC 5545 §3.1).</summary>
    private static List<string> Lines(string ics)
    {
        Assert.Contains("\r\n", ics, StringComparison.Ordinal);
        return [.. ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string Value(IReadOnlyList<string> lines, string name) =>
        Assert.Single(lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]));
}

using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Scheduling;

/// <summary>
/// The "Schedule a meeting" dialog over HTTP, as a signed-in person submits it, with the app's adapters talking to the
/// provider sandbox: messages next to the fields, what the providers end up holding, and where the meeting then shows.
/// </summary>
public sealed class ScheduleMeetingPageTests(SandboxedWebApp app) : IClassFixture<SandboxedWebApp>, IAsyncLifetime
{
    private const string Title = "Battery sourcing call";
    private const string Description = "Agenda: cobalt supply risks.";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly string HiroProfile = $"/Experts/{DemoData.Hiro.Id}";
    private static readonly string NorthwindProject = $"/Projects/{DemoData.NorthwindProjectId}";

    private ProviderSandboxState Sandbox => app.State;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<HttpClient> ClaraWithAsync(params SandboxProvider[] providers)
    {
        foreach (var provider in providers)
        {
            await app.ConnectAsync(DemoData.Clara, provider);
        }

        return await app.Factory.CreateClientForAsync(DemoData.Clara);
    }

    /// <summary>A 45-minute Zoom call with Hiro on <see cref="Day"/> at 15:00 London time (15:00 UTC in January).</summary>
    private static Task<ScheduleForm> ZoomWithHiroAsync(HttpClient client, string start = "", string end = "", string title = Title, string? description = Description) =>
        ScheduleForm.FillAsync(client, HiroProfile, "zoom", title, description,
            start.Length > 0 ? start : ScheduleForm.Local(Day.At(15)), end.Length > 0 ? end : ScheduleForm.Local(Day.At(15, 45)));

    private async Task<List<Meeting>> MeetingsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
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

    /// <summary>The re-rendered page with the dialog open and the "not created" summary; answers the summary's messages.</summary>
    private static async Task<(IDocument Page, IReadOnlyList<string> Errors)> RefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("true", page.QuerySelector("#schedule-dialog")?.GetAttribute("data-open"));
        Assert.Contains("The meeting was not created:", page.QuerySelector("#schedule-errors")?.TextContent, StringComparison.Ordinal);
        return (page, [.. page.QuerySelectorAll("#schedule-errors li").Select(li => li.TextContent.Trim())]);
    }

    private async Task AssertNothingWasCreatedAsync()
    {
        Assert.Empty(await MeetingsAsync());
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }

    public static TheoryData<string> InvalidInputs =>
        ["no title", "title of 201", "description of 8001", "start in the past", "end before start", "longer than 24 h", "malformed start"];

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_is_shown_next_to_its_field_and_nothing_is_created(string input)
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var (form, field, message) = input switch
        {
            "no title" => (await ZoomWithHiroAsync(clara, title: ""), "Title", "Enter a title."),
            "title of 201" => (await ZoomWithHiroAsync(clara, title: new string('t', 201)), "Title", "The title can have at most 200 characters."),
            "description of 8001" => (await ZoomWithHiroAsync(clara, description: new string('d', 8001)), "Description", "The description can have at most 8000 characters."),
            "start in the past" => (await ZoomWithHiroAsync(clara, ScheduleForm.Local(yesterday.At(10)), ScheduleForm.Local(yesterday.At(11))), "Start", "The start must be in the future."),
            "end before start" => (await ZoomWithHiroAsync(clara, end: ScheduleForm.Local(Day.At(14))), "End", "The end must be after the start."),
            "longer than 24 h" => (await ZoomWithHiroAsync(clara, end: ScheduleForm.Local(Day.AddDays(1).At(15, 1))), "End", "A meeting can last at most 24 hours."),
            "malformed start" => (await ZoomWithHiroAsync(clara, start: "next tuesday at 3"), "Start", "The value 'next tuesday at 3' is not valid for Starting date & time."),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        using var response = await form.PostAsync(clara);

        var (page, errors) = await RefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(message, errors);
        Assert.Equal(message, page.QuerySelector($"#error-{field}")?.TextContent.Trim());
        Assert.Equal($"error-{field}", page.QuerySelector($"[name='Form.{field}']")?.GetAttribute("aria-describedby"));
        if (field != "Description")
        {
            Assert.Equal("true", page.QuerySelector($"[name='Form.{field}']")?.GetAttribute("aria-invalid"));
        }

        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task A_refused_form_comes_back_as_typed_encoded_in_the_markup_the_tag_helpers_wrote()
    {
        // The dialog writes its fields as plain markup, no longer through asp-for tag helpers: the markup below is what the
        // tag helpers wrote (ids, names, classes, the first posted value, the invariant-culture marker), and whatever was
        // typed comes back encoded, never as markup.
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara, start: "<b>next</b> tuesday", title: "<script>alert('t')</script>", description: "Line <i>one</i> & 'two'");

        using var response = await form.PostAsync(clara);

        await RefusedAsync(response, HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(
            """<input maxlength="200" required aria-describedby="error-Title" aria-invalid="false" type="text" id="Form_Title" name="Form.Title" value="&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" />""",
            html, StringComparison.Ordinal);
        Assert.Contains(
            "<textarea rows=\"3\" maxlength=\"8000\" aria-describedby=\"error-Description\" id=\"Form_Description\" name=\"Form.Description\">\nLine &lt;i&gt;one&lt;/i&gt; &amp; &#x27;two&#x27;</textarea>",
            html, StringComparison.Ordinal);
        Assert.Contains(
            """<input type="datetime-local" required aria-describedby="error-Start" aria-invalid="true" class="input-validation-error" id="Form_Start" name="Form.Start" value="&lt;b&gt;next&lt;/b&gt; tuesday" /><input name="__Invariant" type="hidden" value="Form.Start" />""",
            html, StringComparison.Ordinal);
        Assert.Contains(
            """<span id="error-Start" class="field__error field-validation-error" data-valmsg-for="Form.Start" data-valmsg-replace="true">The value &#x27;&lt;b&gt;next&lt;/b&gt; tuesday&#x27; is not valid for Starting date &amp; time.</span>""",
            html, StringComparison.Ordinal);
        Assert.Contains(
            """<span id="error-End" class="field__error field-validation-valid" data-valmsg-for="Form.End" data-valmsg-replace="true"></span>""",
            html, StringComparison.Ordinal);
        Assert.Matches(
            """<input type="hidden" data-val="true" data-val-required="The IdempotencyKey field is required." id="Form_IdempotencyKey" name="Form.IdempotencyKey" value="[0-9a-f-]{36}" />""",
            html);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task The_dialog_forms_are_plain_markup_with_the_action_and_the_token_where_the_form_tag_helper_put_them()
    {
        // The form tag helper no longer runs on the dialog (it rendered the whole form into a buffer of its own): the
        // action and the antiforgery token are written by the markup, in the same places; the close button's
        // method="dialog" form never reaches the server and carries no token.
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        using var response = await clara.GetAsync(new Uri(NorthwindProject, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(
            $"""<form method="post" class="form" id="schedule-form" novalidate action="{NorthwindProject}?handler=Schedule">""",
            html, StringComparison.Ordinal);
        Assert.Matches("""<button type="submit" class="button button--primary" id="create-meeting">Create meeting</button>\s*</div>\s*<input name="__RequestVerificationToken" type="hidden" value="[^"]+" /></form>""", html);
        Assert.Contains("""<form method="dialog"><button type="submit" class="button button--ghost" aria-label="Close">✕</button></form>""", html, StringComparison.Ordinal);
    }

    public static TheoryData<string> OutsiderInvites => ["unknown person", "collaborator of another project", "a third person on a profile", "a third person on a brief"];

    [Theory]
    [MemberData(nameof(OutsiderInvites))]
    public async Task Inviting_someone_who_is_not_part_of_the_context_is_refused(string invite)
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var start = ScheduleForm.Local(Day.At(15));
        var end = ScheduleForm.Local(Day.At(16));
        var (form, message) = invite switch
        {
            "unknown person" => (await ScheduleForm.FillAsync(clara, NorthwindProject, "google-meet", Title, null, start, end, DemoData.Erin.Id, Guid.NewGuid()),
                "Only collaborators of this project can be invited."),
            "collaborator of another project" => (await ScheduleForm.FillAsync(clara, NorthwindProject, "google-meet", Title, null, start, end, DemoData.Marco.Id),
                "Only collaborators of this project can be invited."),
            "a third person on a profile" => (await ScheduleForm.FillAsync(clara, HiroProfile, "zoom", Title, null, start, end, DemoData.Erin.Id),
                "A meeting from here is with Hiro Tanaka only."),
            "a third person on a brief" => (await ScheduleForm.FillAsync(clara, $"/Briefs/{DemoData.NorthwindBriefId}", "zoom", Title, null, start, end, DemoData.Carlos.Id),
                "A meeting from here is with Priya Raman only."),
            _ => throw new ArgumentOutOfRangeException(nameof(invite)),
        };

        using var response = await form.PostAsync(clara);

        var (page, errors) = await RefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(message, errors);
        if (form.Action.OriginalString.StartsWith("/Projects/", StringComparison.Ordinal))
        {
            Assert.Equal(message, page.QuerySelector("#error-Participants")?.TextContent.Trim());
        }

        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task Without_linked_accounts_the_dialog_says_what_to_connect()
    {
        using var clara = await ClaraWithAsync();
        var form = await ZoomWithHiroAsync(clara);

        using var response = await form.PostAsync(clara);

        var (page, errors) = await RefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("To schedule on Zoom, first connect: Zoom and a calendar (Google Calendar or Outlook Calendar).", errors);
        var zoomPanel = page.QuerySelector("[data-platform-panel='zoom']")!;
        Assert.Equal(["Link your Zoom account", "Connect Calendar", "Sign in with Microsoft"], zoomPanel.QuerySelectorAll("button[formaction]").Select(b => b.TextContent.Trim()));
        Assert.Equal("/integrations/zoom/connect", zoomPanel.QuerySelector("button[formaction]")?.GetAttribute("formaction"));
        Assert.Equal($"{HiroProfile}?schedule=zoom", zoomPanel.QuerySelector("button[formaction]")?.GetAttribute("value"));
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task A_zoom_meeting_from_an_expert_profile_makes_one_zoom_meeting_and_one_invite()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);

        using var response = await form.PostAsync(clara);
        var page = await PageAsync(clara, HiroProfile);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{HiroProfile}#scheduled", response.Headers.Location?.OriginalString);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.False(zoom.Deleted);
        Assert.Equal((Title, Day.UtcAt(15), 45, "Europe/London"), (zoom.Topic, zoom.StartTime, zoom.Duration, zoom.Timezone));
        Assert.StartsWith(Description + "\n\nInsightGig meeting ", zoom.Agenda, StringComparison.Ordinal); // then the tag that finds it again
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal([DemoData.Hiro.Email], invite.AttendeeEmails);
        Assert.Equal(zoom.JoinUrl, invite.Resource["location"]?.GetValue<string>());
        Assert.Contains(zoom.JoinUrl, invite.Resource["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("all", Assert.Single(invite.Notifications).SendUpdates);
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal((MeetingStatus.Scheduled, zoom.JoinUrl, Day.UtcAt(15), Day.UtcAt(15, 45)), (meeting.Status, meeting.JoinUrl, meeting.StartUtc, meeting.EndUtc));
        var confirmation = page.QuerySelector(".schedule__confirmation")?.TextContent ?? string.Empty;
        var when = Day.At(15).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains($"Meeting scheduled: “{Title}” on {when} (Europe/London) with Hiro Tanaka. Invites are on their way.", confirmation, StringComparison.Ordinal);
        Assert.Equal(zoom.JoinUrl, page.QuerySelector(".schedule__confirmation a[target='_blank']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task An_upcoming_meeting_shows_on_the_project_and_in_my_meetings_for_its_people_only()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Google);
        var form = await ScheduleForm.FillAsync(clara, NorthwindProject, "google-meet", Title, Description,
            ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(15, 30)), DemoData.Carlos.Id, DemoData.Erin.Id);

        using (var response = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal([DemoData.Carlos.Email, DemoData.Erin.Email], invite.AttendeeEmails.Order(StringComparer.Ordinal));
        Assert.NotNull(invite.HangoutLink);
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        foreach (var person in new[] { DemoData.Clara, DemoData.Carlos, DemoData.Erin })
        {
            using var client = person == DemoData.Clara ? null : await app.Factory.CreateClientForAsync(person);
            var browser = client ?? clara;
            var project = await PageAsync(browser, NorthwindProject);
            var mine = await PageAsync(browser, "/Meetings");
            Assert.Equal([Title], project.QuerySelectorAll("section[aria-labelledby='meetings-title'] .list__title").Select(t => t.TextContent.Trim()));
            Assert.Equal([Title], mine.QuerySelectorAll(".meeting .list__title").Select(t => t.TextContent.Trim()));
            Assert.Equal(invite.HangoutLink, mine.QuerySelector(".meeting a[target='_blank']")?.GetAttribute("href"));
        }

        using var hiro = await app.Factory.CreateClientForAsync(DemoData.Hiro);
        var hiroProject = await PageAsync(hiro, NorthwindProject);
        var hiroMeetings = await PageAsync(hiro, "/Meetings");
        Assert.Empty(hiroProject.QuerySelectorAll(".meeting"));
        Assert.Contains("No upcoming meetings.", hiroProject.QuerySelector("section[aria-labelledby='meetings-title']")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(hiroMeetings.QuerySelectorAll(".meeting"));
        Assert.DoesNotContain(Title, hiroMeetings.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Across_londons_spring_forward_the_meeting_is_stored_in_utc_and_each_person_reads_their_own_time()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Google);
        using var carlos = await app.Factory.CreateClientForAsync(DemoData.Carlos);
        var day = MeetingDates.NextLondonSpringForward();
        var form = await ScheduleForm.FillAsync(clara, NorthwindProject, "google-meet", Title, null,
            ScheduleForm.Local(day.At(0, 30)), ScheduleForm.Local(day.At(2, 30)), DemoData.Carlos.Id);

        using var response = await form.PostAsync(clara);
        var claraMeetings = await PageAsync(clara, "/Meetings");
        var carlosMeetings = await PageAsync(carlos, "/Meetings");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = Assert.Single(await MeetingsAsync());
        // 00:30 GMT and 02:30 BST: one hour apart, 00:30–01:30 UTC.
        Assert.Equal((day.UtcAt(0, 30), day.UtcAt(1, 30), "Europe/London"), (meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId));
        var invite = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal($"{day:yyyy-MM-dd}T00:30:00Z", invite.Resource["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal($"{day:yyyy-MM-dd}T02:30:00+01:00", invite.Resource["end"]!["dateTime"]!.GetValue<string>());
        static string Shown(DateTime local) => local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains($"{Shown(day.At(0, 30))} (Europe/London) – 02:30", claraMeetings.QuerySelector(".meeting")?.TextContent, StringComparison.Ordinal);
        // New York is on EDT (UTC−4) by then: the evening before, 20:30–21:30.
        Assert.Contains($"{Shown(day.AddDays(-1).At(20, 30))} (America/New_York) – 21:30", carlosMeetings.QuerySelector(".meeting")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Organized by Clara Whitfield", carlosMeetings.QuerySelector(".meeting")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_in_the_hour_skipped_by_daylight_saving_is_refused_next_to_the_start()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var day = MeetingDates.NextLondonSpringForward();
        var form = await ZoomWithHiroAsync(clara, ScheduleForm.Local(day.At(1, 30)), ScheduleForm.Local(day.At(3)));

        using var response = await form.PostAsync(clara);

        var (page, _) = await RefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"{day:yyyy-MM-dd} 01:30 does not exist in Europe/London: the clocks go forward then. Choose another time.",
            page.QuerySelector("#error-Start")?.TextContent.Trim());
        await AssertNothingWasCreatedAsync();
    }

    [Fact]
    public async Task A_time_in_the_hour_repeated_in_autumn_is_refused_with_the_choice_of_its_two_instants_and_the_choice_is_kept()
    {
        // Tried as a new user would: 01:30–02:30 on the night London falls back became a two-hour meeting (00:30Z–02:30Z).
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var day = MeetingDates.NextLondonFallBack();
        var form = await ZoomWithHiroAsync(clara, ScheduleForm.Local(day.At(1, 30)), ScheduleForm.Local(day.At(2, 30)));

        using var refused = await form.PostAsync(clara);

        var (page, _) = await RefusedAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal($"{day:yyyy-MM-dd} 01:30 happens twice in Europe/London: the clocks go back then. " +
            "Choose the first (UTC+01:00, 00:30 UTC) or the second (UTC+00:00, 01:30 UTC).",
            page.QuerySelector("#error-Start")?.TextContent.Trim());
        await AssertNothingWasCreatedAsync();
        var choices = page.QuerySelectorAll("#Form-StartOffsetMinutes input[type=radio]").Select(r => r.GetAttribute("value")).ToList();
        Assert.Equal(["60", "0"], choices);
        Assert.Contains("The second 01:30 (UTC+00:00, 01:30 UTC)", page.QuerySelector("#Form-StartOffsetMinutes")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Form-EndOffsetMinutes")); // 02:30 happens once

        // The second 01:30 (GMT): 01:30–02:30 UTC, one hour.
        var chosen = form with { Fields = [.. form.Fields.Where(f => f.Key != "Form.IdempotencyKey"),
            KeyValuePair.Create("Form.IdempotencyKey", Guid.NewGuid().ToString()), KeyValuePair.Create("Form.StartOffsetMinutes", "0")] };
        using var created = await chosen.PostAsync(clara);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal((day.UtcAt(1, 30), day.UtcAt(2, 30)), (meeting.StartUtc, meeting.EndUtc));
    }

    [Fact]
    public async Task The_same_form_posted_twice_creates_one_meeting()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);

        using var first = await form.PostAsync(clara);
        using var second = await form.PostAsync(clara);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(MeetingStatus.Scheduled, Assert.Single(await MeetingsAsync()).Status);
        Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }

    [Fact]
    public async Task The_same_form_posted_three_times_at_once_creates_one_meeting()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);

        var responses = await Task.WhenAll(form.PostAsync(clara), form.PostAsync(clara), form.PostAsync(clara));

        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(MeetingStatus.Scheduled, Assert.Single(await MeetingsAsync()).Status);
        Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }

    [Fact]
    public async Task When_the_calendar_fails_after_zoom_nothing_is_left_half_made_and_the_person_is_told()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);
        // More failures than the adapter's retries (1 try + 3 retries of the insert).
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 10 });

        using var response = await form.PostAsync(clara);
        Sandbox.ClearFaults();

        var (page, errors) = await RefusedAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(["Google Calendar is not answering right now. Nothing was created; please try again in a moment."], errors);
        Assert.NotEqual(form.Fields.Single(f => f.Key == "Form.IdempotencyKey").Value, page.QuerySelector("input[name='Form.IdempotencyKey']")?.GetAttribute("value"));
        Assert.True(Assert.Single(Sandbox.GetZoomMeetings(includeDeleted: true)).Deleted, "the Zoom meeting made before the calendar failed is still there");
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        var meeting = Assert.Single(await MeetingsAsync());
        Assert.Equal(MeetingStatus.Failed, meeting.Status);
        Assert.Null(meeting.ProviderMeetingId);
        Assert.Empty((await PageAsync(clara, "/Meetings")).QuerySelectorAll(".meeting"));
    }

    [Fact]
    public async Task Expired_access_tokens_are_refreshed_just_in_time_and_the_meeting_is_scheduled()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);
        Assert.Equal(2, Sandbox.ExpireAccessTokens());

        using var response = await form.PostAsync(clara);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(MeetingStatus.Scheduled, Assert.Single(await MeetingsAsync()).Status);
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Google, "refresh_token"));
    }

    [Fact]
    public async Task A_refresh_refused_by_zoom_asks_the_person_to_reconnect()
    {
        using var clara = await ClaraWithAsync(SandboxProvider.Zoom, SandboxProvider.Google);
        var form = await ZoomWithHiroAsync(clara);
        Sandbox.ExpireAccessTokens(SandboxProvider.Zoom);
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });

        using var response = await form.PostAsync(clara);
        var connectedApps = await PageAsync(clara, "/Account/ConnectedApps");

        var (page, errors) = await RefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Zoom no longer accepts InsightGig's access: reconnect Zoom and try again. Nothing was created."], errors);
        Assert.Equal("Reconnect Zoom", page.QuerySelector("[data-platform-panel='zoom'] button[formaction='/integrations/zoom/connect']")?.TextContent.Trim());
        Assert.Equal("Reconnect needed", connectedApps.QuerySelector("#connection-zoom .status")?.TextContent.Trim());
        var zoom = await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, "zoom");
        Assert.Equal(ConnectionStatus.ReconnectNeeded, zoom!.Status);
        Assert.Empty(Sandbox.GetZoomMeetings(includeDeleted: true));
        Assert.Empty(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
    }
}

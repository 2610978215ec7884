using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Web.Tests.Scheduling;

/// <summary>
/// "Find a time" in the Schedule a meeting dialog over HTTP: the page handler the dialog's script fetches (the list alone)
/// and the same form submitted without script (the page comes back with the list and everything typed), with connected
/// calendars read from the provider sandbox.
/// </summary>
public sealed class FindTimePageTests(SandboxedWebApp app) : IClassFixture<SandboxedWebApp>, IAsyncLifetime
{
    private static readonly string NorthwindProject = $"/Projects/{DemoData.NorthwindProjectId}";

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Uri FindTimeUrl(string page, bool fragment) => new($"{page}?handler=FindTime{(fragment ? "&fragment=true" : string.Empty)}", UriKind.Relative);

    /// <summary>Posts the dialog's fields with the person's antiforgery token (any of their forms has it) to <paramref name="url"/>.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri url, params (string Name, string Value)[] fields)
    {
        var token = await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/ConnectedApps");
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), .. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))]);
        return await client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    private static (string, string) Ticked(DemoAccount person) => ("Form.Participants", person.Id.ToString());

    private static List<string> SlotLabels(IDocument html) =>
        [.. html.QuerySelectorAll("#find-time-slots input[type=radio]").Select(radio => html.QuerySelector($"label[for='{radio.Id}']")!.TextContent.Trim())];

    private static List<string> Notices(IDocument html) => [.. html.QuerySelectorAll("#find-time-notices li").Select(li => li.TextContent.Trim())];

    [Fact]
    public async Task Without_script_the_dialog_comes_back_open_with_the_slots_and_everything_typed()
    {
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        using var response = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: false),
            ("Form.Title", "Cobalt panel"), ("Form.Description", "Typed before searching."), ("Form.Start", "next tuesday"),
            ("FindTime.Duration", "45"), Ticked(DemoData.Carlos), Ticked(DemoData.Erin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("true", page.QuerySelector("#schedule-dialog")?.GetAttribute("data-open"));
        // Nothing was created or refused: the meeting's fields are judged by Create meeting, and keep what was typed.
        Assert.Null(page.QuerySelector("#schedule-errors"));
        Assert.Equal("Cobalt panel", page.QuerySelector("#Form_Title")?.GetAttribute("value"));
        Assert.Equal("Typed before searching.", page.QuerySelector("#Form_Description")?.TextContent.Trim());
        Assert.Equal("next tuesday", page.QuerySelector("#Form_Start")?.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"#participant-{DemoData.Carlos.Id}[checked]"));
        Assert.NotNull(page.QuerySelector($"#participant-{DemoData.Erin.Id}[checked]"));
        Assert.Equal("45", page.QuerySelector("#find-time-duration option[selected]")?.GetAttribute("value"));

        var labels = SlotLabels(page);
        Assert.InRange(labels.Count, 1, 10);
        Assert.All(labels, label => Assert.Matches(@"^\w{3} \d{1,2} \w{3} \d{2}:\d{2}–\d{2}:\d{2} · Carlos (\w{3} )?\d{2}:\d{2} New York · Erin (\w{3} )?\d{2}:\d{2} Lagos$", label));
        // The radio's value is what Starting and Ending take, 45 minutes apart.
        var first = page.QuerySelector("#find-time-slots input[type=radio]")!;
        var start = DateTime.ParseExact(first.GetAttribute("data-slot-start")!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var end = DateTime.ParseExact(first.GetAttribute("data-slot-end")!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(45), end - start);
        Assert.StartsWith(start.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + "–", labels[0], StringComparison.Ordinal);
        Assert.Equal(
            ["Clara has not connected a calendar: only their working hours and InsightGig meetings are known.",
             "Carlos has not connected a calendar: only their working hours and InsightGig meetings are known.",
             "Erin has not connected a calendar: only their working hours and InsightGig meetings are known."],
            Notices(page));
        // Without script, "Use this time" puts the chosen slot into the fields.
        Assert.NotNull(page.QuerySelector("#find-time-results button[formaction$='handler=UseFoundTime']"));
    }

    [Fact]
    public async Task The_script_gets_the_list_alone_and_a_calendar_that_fails_is_named_while_the_others_still_count()
    {
        await app.ConnectAsync(DemoData.Carlos, SandboxProvider.Google);
        app.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 100 });
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        using var response = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: true), Ticked(DemoData.Carlos));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        var fragment = await response.ReadDocumentAsync();
        Assert.NotEmpty(SlotLabels(fragment));
        Assert.Contains("Carlos's calendar (Google Calendar) could not be read in time: only their working hours and InsightGig meetings are known.", Notices(fragment));
        Assert.Null(fragment.QuerySelector("#find-time-errors"));
    }

    [Theory]
    [InlineData("profile")]
    [InlineData("brief")]
    public async Task On_a_profile_or_a_brief_it_searches_with_its_one_person_at_once(string where)
    {
        var (page, other) = where == "profile" ? ($"/Experts/{DemoData.Hiro.Id}", "Hiro") : ($"/Briefs/{DemoData.NorthwindBriefId}", "Priya");
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);
        var (shown, dialog) = await clara.GetPageAsync(page);
        shown.Dispose();
        Assert.Contains($"when you and {(other == "Hiro" ? DemoData.Hiro : DemoData.Priya).FullName} are both free", dialog.QuerySelector("#find-time-hint")?.TextContent, StringComparison.Ordinal);

        using var response = await PostAsync(clara, new Uri(dialog.QuerySelector("#find-time")!.GetAttribute("formaction")! + "&fragment=true", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var labels = SlotLabels(await response.ReadDocumentAsync());
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.Contains($" · {other} ", label, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Busy_times_from_a_calendar_shape_the_slots_but_their_titles_never_leave_the_server()
    {
        await app.ConnectAsync(DemoData.Carlos, SandboxProvider.Google);
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);
        using var before = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: true), Ticked(DemoData.Carlos));
        var best = (await before.ReadDocumentAsync()).QuerySelector("#find-time-slots input[type=radio]")!;
        var london = TimeZoneInfo.FindSystemTimeZoneById(DemoData.Clara.TimeZoneId);
        var start = TimeZoneInfo.ConvertTimeToUtc(DateTime.ParseExact(best.GetAttribute("data-slot-start")!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), london);
        await SandboxTestData.AddOwnCalendarEventAsync(app.Sandbox.BaseAddress, app.State, DemoData.Carlos.Email, "Private: oncologist", start, start.AddHours(1));

        using var after = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: true), Ticked(DemoData.Carlos));

        var body = await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("oncologist", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain($"data-slot-start=\"{best.GetAttribute("data-slot-start")}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_nothing_fits_it_says_why_and_offers_hours_outside_working_time()
    {
        // Carlos (New York, 09:00–18:00) and Hiro (Tokyo, 10:00–19:00) never share a working hour.
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        using var nothing = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: true),
            ("FindTime.Duration", "30"), Ticked(DemoData.Carlos), Ticked(DemoData.Hiro));

        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        var why = await nothing.ReadDocumentAsync();
        Assert.Empty(SlotLabels(why));
        var said = why.QuerySelector("#find-time-nothing")?.TextContent;
        Assert.Contains("No time fits", said, StringComparison.Ordinal);
        Assert.Contains("No common working hours in the next 14 days", said, StringComparison.Ordinal);
        var include = why.QuerySelector("#find-time-nothing button[name='FindTime.IncludeOutsideWorkingHours']");
        Assert.Equal(("true", "Include hours outside working time"), (include?.GetAttribute("value"), include?.TextContent.Trim()));

        using var widened = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: true),
            ("FindTime.Duration", "30"), ("FindTime.IncludeOutsideWorkingHours", "true"), Ticked(DemoData.Carlos), Ticked(DemoData.Hiro));

        var found = await widened.ReadDocumentAsync();
        var labels = SlotLabels(found);
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.Contains(" Tokyo", label, StringComparison.Ordinal));
        Assert.Contains("hours outside working time included", found.QuerySelector("#find-time-slots legend")?.TextContent, StringComparison.Ordinal);
        Assert.Null(found.QuerySelector("button[name='FindTime.IncludeOutsideWorkingHours']"));
    }

    public static TheoryData<string> Refusals => ["another organisation's project", "someone outside the project", "own expert profile", "nobody ticked"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Only_people_who_may_schedule_there_can_search_and_only_for_who_may_be_invited(string refusal)
    {
        (string, string)[] carlos = [Ticked(DemoData.Carlos)];
        (string, string)[] marco = [Ticked(DemoData.Marco)];
        (DemoAccount Who, string Page, (string, string)[] Ticked, HttpStatusCode Status, string? Message) @case = refusal switch
        {
            "another organisation's project" => (DemoData.Gina, NorthwindProject, carlos, HttpStatusCode.NotFound, null),
            "someone outside the project" => (DemoData.Clara, NorthwindProject, marco, HttpStatusCode.BadRequest, "Only collaborators of this project can be invited."),
            "own expert profile" => (DemoData.Erin, $"/Experts/{DemoData.Erin.Id}", [], HttpStatusCode.BadRequest, "This is your own profile: open someone else's profile to meet them."),
            "nobody ticked" => (DemoData.Clara, NorthwindProject, [], HttpStatusCode.BadRequest, "Choose at least one collaborator."),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        var (who, page, ticked, status, message) = @case;
        using var client = await app.Factory.CreateClientForAsync(who);

        foreach (var fragment in new[] { true, false })
        {
            using var response = await PostAsync(client, FindTimeUrl(page, fragment), ticked);

            Assert.Equal(status, response.StatusCode);
            var html = await response.ReadDocumentAsync();
            Assert.Empty(SlotLabels(html));
            if (message is not null && fragment)
            {
                Assert.Equal([message], html.QuerySelectorAll("#find-time-errors li").Select(li => li.TextContent.Trim()));
            }
        }
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "FindTime.Duration", "20", "Choose a duration of 30, 45, 60, 90 minutes." },
        { "FindTime.Duration", "an hour", "The value 'an hour' is not valid for Duration." },
        { "FindTime.IncludeOutsideWorkingHours", "maybe", "The value 'maybe' is not valid for IncludeOutsideWorkingHours." },
        { "Form.Participants", "not-a-person", "Choose collaborators from the list." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_clear_message_in_the_find_time_area_never_a_500(string field, string value, string message)
    {
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);

        using var response = await PostAsync(clara, FindTimeUrl(NorthwindProject, fragment: false), (field, value), Ticked(DemoData.Carlos));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("true", page.QuerySelector("#schedule-dialog")?.GetAttribute("data-open"));
        Assert.Contains(message, page.QuerySelectorAll("#find-time-errors li").Select(li => li.TextContent.Trim()));
        Assert.Null(page.QuerySelector("#schedule-errors"));
        Assert.Empty(SlotLabels(page));
    }

    [Fact]
    public async Task Use_this_time_without_script_fills_starting_and_ending_and_a_tampered_choice_is_refused()
    {
        using var clara = await app.Factory.CreateClientForAsync(DemoData.Clara);
        var useUrl = new Uri($"{NorthwindProject}?handler=UseFoundTime", UriKind.Relative);

        using var used = await PostAsync(clara, useUrl,
            ("Form.Title", "Kept"), ("FindTime.Slot", "2031-03-11T14:00|2031-03-11T15:00|0|0"), Ticked(DemoData.Carlos));
        using var tampered = await PostAsync(clara, useUrl, ("FindTime.Slot", "2031-03-11T14:00|soon|0|0"));

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        var page = await used.ReadDocumentAsync();
        // The input tag helper writes datetime-local values with seconds ("2031-03-11T14:00:00.000").
        Assert.StartsWith("2031-03-11T14:00", page.QuerySelector("#Form_Start")?.GetAttribute("value"), StringComparison.Ordinal);
        Assert.StartsWith("2031-03-11T15:00", page.QuerySelector("#Form_End")?.GetAttribute("value"), StringComparison.Ordinal);
        Assert.Equal("Kept", page.QuerySelector("#Form_Title")?.GetAttribute("value"));
        Assert.Equal("Starting and Ending are now Tue 11 Mar 14:00–15:00.", page.QuerySelector("#find-time-used")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal("Choose one of the times found first.", (await tampered.ReadDocumentAsync()).QuerySelector("#find-time-errors li")?.TextContent.Trim());
    }
}

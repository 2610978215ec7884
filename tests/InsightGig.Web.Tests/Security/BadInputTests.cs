using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Bad input on every form and on the OAuth callback: missing fields, 1 MB values, malformed and impossible dates, reversed
/// times, unknown ids and other people's ids, more than the form limits allow. Each is answered with a clear message in the
/// page (or a plain 400), never a 500, and nothing is half-saved: no meeting row, no Zoom meeting, no calendar event, no
/// link attempt, no connection changed. Script and HTML in what people type is shown as text wherever it appears.
/// </summary>
[Collection(SecurityGroup.Name)]
public sealed class BadInputTests(SecurityApp app)
{
    private static readonly string OneMegabyte = new('x', 1024 * 1024);
    private const string ScriptTitle = "<script>alert('title')</script><b>Bold</b> call";
    private const string HtmlDescription = "<img src=x onerror=alert('description')><a href=\"javascript:alert(1)\">click</a> <iframe src=\"https://evil.example\"></iframe>";
    private static readonly string NorthwindProject = $"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule";
    private static readonly string NorthwindBrief = $"/Briefs/{DemoData.NorthwindBriefId}?handler=Schedule";
    private static readonly string HiroProfile = $"/Experts/{DemoData.Hiro.Id}?handler=Schedule";
    private static readonly string MarcoProfile = $"/Experts/{DemoData.Marco.Id}?handler=Schedule";

    /// <summary>One bad request: who sends it, where, the fields (with <c>{placeholders}</c>), what answers are fine, and the message the page must show.</summary>
    private sealed record Case(Role Who, string Method, string Url, (string Name, string? Value)[] Fields, int[] Statuses, string? Message);

    /// <summary>The schedule dialog's fields, correctly filled for the Northwind project, with some replaced (null: not sent).</summary>
    private static (string, string?)[] Schedule(params (string Name, string? Value)[] changes) =>
        With(
            [
                ("Form.IdempotencyKey", "{key}"),
                ("Form.Platform", "zoom"),
                ("Form.Title", "Bad input call"),
                ("Form.Description", "Agenda"),
                ("Form.Start", SecurityApp.Local(SecurityApp.Day.At(11))),
                ("Form.End", SecurityApp.Local(SecurityApp.Day.At(11, 30))),
                ("Form.Participants", DemoData.Hiro.Id.ToString()),
            ],
            changes);

    private static (string, string?)[] Reschedule(params (string Name, string? Value)[] changes) =>
        With(
            [
                ("Reschedule.ExpectedVersion", "{version}"),
                ("Reschedule.Start", SecurityApp.Local(SecurityApp.Day.At(12))),
                ("Reschedule.End", SecurityApp.Local(SecurityApp.Day.At(12, 30))),
            ],
            changes);

    private static (string, string?)[] Edit(params (string Name, string? Value)[] changes) =>
        With([("Edit.ExpectedVersion", "{version}"), ("Edit.Title", "Edited"), ("Edit.Description", "Edited")], changes);

    private static (string, string?)[] Cancel(params (string Name, string? Value)[] changes) =>
        With([("Cancel.ExpectedVersion", "{version}"), ("Cancel.Confirmed", "true"), ("Cancel.Note", "Sorry")], changes);

    private static (string, string?)[] With((string Name, string? Value)[] fields, (string Name, string? Value)[] changes)
    {
        var result = fields.ToList();
        foreach (var change in changes)
        {
            var index = result.FindIndex(f => f.Name == change.Name);
            if (index >= 0)
            {
                result[index] = change;
            }
            else
            {
                result.Add(change);
            }
        }

        return [.. result];
    }

    private const string OutOfDate = "The form is out of date. Reload the page and try again.";
    private const string NotFoundHere = "There is nothing here, or you do not have access to it.";
    private const string Nul = "a\0b";
    private const string Soh = "a\u0001b";
    private const string Unsendable = "What you entered contains a character a form cannot send (such as NUL, a control character). Go back, remove it and try again.";
    private const string TooLarge = "The form held more than InsightGig accepts (too many values, or a value far too long). Go back, shorten what you entered and try again.";
    private const string NotOurs = "This sign-in response is not one InsightGig asked for. Please start linking again.";
    private static readonly int[] Refused = [400];
    private static readonly int[] NotFound = [404];
    private static readonly int[] Shown = [200, 400];

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        // The schedule dialog (on the Northwind project unless said otherwise), as Clara.
        ["schedule: only the token"] = new(Role.Clara, "POST", NorthwindProject, [], Refused, "Enter a title."),
        ["schedule: nothing filled in"] = new(Role.Clara, "POST", NorthwindProject, [("Form.IdempotencyKey", "{key}")], Refused, "Enter a title."),
        ["schedule: no platform"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Platform", null)), Refused, "Choose Zoom or Google Meet or Microsoft Teams."),
        ["schedule: unknown platform"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Platform", "webex")), Refused, "Choose Zoom or Google Meet or Microsoft Teams."),
        ["schedule: no start"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Start", null)), Refused, "Enter the starting date and time."),
        ["schedule: 1 MB title"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Title", OneMegabyte)), Refused, "The title can have at most 200 characters."),
        ["schedule: 1 MB description"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Description", OneMegabyte)), Refused, "The description can have at most 8000 characters."),
        ["schedule: start 2027-13-45T99:99"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Start", "2027-13-45T99:99")), Refused, "The value '2027-13-45T99:99' is not valid for Starting date & time."),
        ["schedule: start abc"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Start", "abc")), Refused, "The value 'abc' is not valid for Starting date & time."),
        ["schedule: end abc"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.End", "abc")), Refused, "The value 'abc' is not valid for Ending date & time."),
        ["schedule: 1 MB start"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Start", OneMegabyte)), Refused, "The value entered is not valid for Starting date & time."),
        ["schedule: reversed times"] = new(Role.Clara, "POST", NorthwindProject,
            Schedule(("Form.Start", SecurityApp.Local(SecurityApp.Day.At(11))), ("Form.End", SecurityApp.Local(SecurityApp.Day.At(10)))), Refused, "The end must be after the start."),
        ["schedule: start in year 1 (Berlin, ahead of UTC)"] = new(Role.Gina, "POST", MarcoProfile,
            Schedule(("Form.Start", "0001-01-01T00:00"), ("Form.End", "0001-01-01T00:30"), ("Form.Participants", null)), Refused, "Starting date & time must be between the years 2000 and 9998."),
        ["schedule: end in year 9999"] = new(Role.Clara, "POST", NorthwindProject,
            Schedule(("Form.Start", "9999-12-31T22:00"), ("Form.End", "9999-12-31T23:59")), Refused, "Ending date & time must be between the years 2000 and 9998."),
        ["schedule: unknown participant id"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Participants", Guid.NewGuid().ToString())), Refused, "Only collaborators of this project can be invited."),
        ["schedule: participant id abc"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Participants", "abc")), Refused, "The value 'abc' is not valid."),
        ["schedule: another organisation's person"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Participants", DemoData.Gina.Id.ToString())), Refused, "Only collaborators of this project can be invited."),
        ["schedule: the organizer herself"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Participants", DemoData.Clara.Id.ToString())), Refused, "Only collaborators of this project can be invited."),
        ["schedule: no participant on a project"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Participants", null)), Refused, "Choose at least one collaborator."),
        ["schedule: someone else on a brief"] = new(Role.Clara, "POST", NorthwindBrief, Schedule(("Form.Participants", DemoData.Erin.Id.ToString())), Refused, "A meeting from here is with Priya Raman only."),
        ["schedule: someone else on a profile"] = new(Role.Clara, "POST", HiroProfile, Schedule(("Form.Participants", DemoData.Gina.Id.ToString())), Refused, "A meeting from here is with Hiro Tanaka only."),
        ["schedule: the key of someone else's meeting"] = new(Role.Gina, "POST", MarcoProfile, Schedule(("Form.IdempotencyKey", "{matrix-meeting}"), ("Form.Participants", null)), Refused, "This form was already used. Reload the page and try again."),
        ["schedule: an empty key"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.IdempotencyKey", Guid.Empty.ToString())), Refused, "The form is out of date. Reload the page and try again."),
        ["schedule: key abc"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.IdempotencyKey", "abc")), Refused, "The form is out of date. Reload the page and try again."),
        ["schedule: 2000 participant ids (over the form's value count limit)"] = new(Role.Clara, "POST", NorthwindProject,
            [.. Schedule(), .. Enumerable.Range(0, 2000).Select(_ => ("Form.Participants", (string?)Guid.NewGuid().ToString()))], Refused, TooLarge),
        ["schedule: 5 MB title (over the form's value length limit)"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Title", new string('x', 5 * 1024 * 1024))), Refused, TooLarge),

        // The meeting page's forms, as its organizer Clara, on a meeting of her own.
        ["reschedule: nothing filled in"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.Start", null), ("Reschedule.End", null)), Refused, "Enter the starting date and time."),
        ["reschedule: start 2027-13-45T99:99"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.Start", "2027-13-45T99:99")), Refused, "The value '2027-13-45T99:99' is not valid for Starting date & time."),
        ["reschedule: end abc"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.End", "abc")), Refused, "The value 'abc' is not valid for Ending date & time."),
        ["reschedule: 1 MB start"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.Start", OneMegabyte)), Refused, "The value entered is not valid for Starting date & time."),
        ["reschedule: reversed times"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule",
            Reschedule(("Reschedule.Start", SecurityApp.Local(SecurityApp.Day.At(12))), ("Reschedule.End", SecurityApp.Local(SecurityApp.Day.At(11)))), Refused, "The end must be after the start."),
        ["reschedule: version abc"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.ExpectedVersion", "abc")), Refused, OutOfDate),
        ["reschedule: year 1"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule",
            Reschedule(("Reschedule.Start", "0001-01-01T00:00"), ("Reschedule.End", "0001-01-01T00:30")), Refused, "Starting date & time must be between the years 2000 and 9998."),
        ["reschedule: year 1 on someone else's meeting (Lagos, ahead of UTC)"] = new(Role.Erin, "POST", "/meetings/{meeting}?handler=Reschedule",
            Reschedule(("Reschedule.Start", "0001-01-01T00:00"), ("Reschedule.End", "0001-01-01T00:30")), NotFound, NotFoundHere),
        ["edit: no title"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.Title", null)), Refused, "Enter a title."),
        ["edit: 1 MB title"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.Title", OneMegabyte)), Refused, "The title can have at most 200 characters."),
        ["edit: 1 MB description"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.Description", OneMegabyte)), Refused, "The description can have at most 8000 characters."),
        ["edit: unknown participant id"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit",
            Edit(("Edit.EditParticipants", "true"), ("Edit.Participants", Guid.NewGuid().ToString())), Refused, "Only collaborators of this project can be invited."),
        ["edit: another organisation's person"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit",
            Edit(("Edit.EditParticipants", "true"), ("Edit.Participants", DemoData.Marco.Id.ToString())), Refused, "Only collaborators of this project can be invited."),
        ["edit: participant id abc"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit",
            Edit(("Edit.EditParticipants", "true"), ("Edit.Participants", "abc")), Refused, "The value 'abc' is not valid."),
        ["edit: nobody left"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.EditParticipants", "true")), Refused, "Choose at least one collaborator other than yourself."),
        ["edit: version abc"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.ExpectedVersion", "abc")), Refused, OutOfDate),
        ["cancel: 1 MB note"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Cancel", Cancel(("Cancel.Note", OneMegabyte)), Refused, "The note can have at most 2000 characters."),
        ["cancel: version abc"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Cancel", Cancel(("Cancel.ExpectedVersion", "abc")), Refused, OutOfDate),

        // Linking.
        ["connect: unknown provider"] = new(Role.Clara, "POST", "/integrations/teams/connect", [("returnUrl", "/Account/ConnectedApps")], Refused, "'teams' is not a provider InsightGig can link."),
        ["connect: 1 MB provider"] = new(Role.Clara, "POST", $"/integrations/{new string('p', 100_000)}/connect", [("returnUrl", "/Account/ConnectedApps")], Refused, "That is not a provider InsightGig can link."),
        ["connect: return to another site"] = new(Role.Clara, "POST", "/integrations/zoom/connect", [("returnUrl", "https://evil.example/")], Refused, "You can only return to a page of InsightGig."),
        ["connect: return to //evil.example"] = new(Role.Clara, "POST", "/integrations/zoom/connect", [("returnUrl", "//evil.example/")], Refused, "You can only return to a page of InsightGig."),
        ["connect: 1 MB return address"] = new(Role.Clara, "POST", "/integrations/zoom/connect", [("returnUrl", "/" + OneMegabyte)], Refused, "You can only return to a page of InsightGig."),
        ["disconnect: no provider"] = new(Role.Clara, "POST", "/Account/ConnectedApps?handler=Disconnect", [], [302], "Choose the account to disconnect."),
        ["disconnect: unknown provider"] = new(Role.Clara, "POST", "/Account/ConnectedApps?handler=Disconnect", [("provider", "teams")], [302], "'teams' is not a provider InsightGig can link."),
        ["disconnect: 1 MB provider"] = new(Role.Clara, "POST", "/Account/ConnectedApps?handler=Disconnect", [("provider", OneMegabyte)], [302], "That is not a provider InsightGig can link."),
        ["callback: no state"] = new(Role.Clara, "GET", "/integrations/zoom/callback?code=abc", [], Refused, "This sign-in response has no state. Please start linking again."),
        ["callback: forged state"] = new(Role.Clara, "GET", "/integrations/google/callback?state=forged&code=abc", [], Refused, "This sign-in response is not one InsightGig asked for. Please start linking again."),
        ["callback: 1 MB state"] = new(Role.Clara, "GET", $"/integrations/zoom/callback?state={new string('s', 100_000)}&code=abc", [], Refused, NotOurs),
        ["callback: 1 MB code"] = new(Role.Clara, "GET", $"/integrations/zoom/callback?state=forged&code={new string('c', 100_000)}", [], Refused, NotOurs),
        ["callback: script in the provider's error"] = new(Role.Clara, "GET",
            $"/integrations/zoom/callback?state=forged&error={Uri.EscapeDataString("<script>alert(1)</script>")}", [], Refused, NotOurs),

        // Form fields no person types: a version or key that does not bind says the form is out of date (finding 10).
        ["reschedule: empty version"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.ExpectedVersion", "")), Refused, OutOfDate),
        ["reschedule: version 99999999999"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Reschedule", Reschedule(("Reschedule.ExpectedVersion", "99999999999")), Refused, OutOfDate),
        ["edit: version -1.5"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.ExpectedVersion", "-1.5")), Refused, OutOfDate),

        // A NUL in a form: ASP.NET Core refuses the whole form before any page reads it; the 400 page says what to fix (finding 10).
        ["schedule: title with NUL"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Title", Nul)), Refused, Unsendable),
        ["schedule: description with NUL"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Description", "Agenda" + Nul)), Refused, Unsendable),
        ["edit: title with NUL"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.Title", Nul)), Refused, Unsendable),
        ["cancel: note with NUL"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Cancel", Cancel(("Cancel.Note", Nul)), Refused, Unsendable),
        ["sign-in: NUL in the email"] = new(Role.Anonymous, "POST", "/Account/Login", [("Input.Email", "carlos.client@northwind.example\0"), ("Input.Password", "x")], Refused, Unsendable),
        // Other control characters reach the page: the field says so.
        ["schedule: title with a control character"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.Title", Soh)), Refused, "Title cannot contain control characters (such as NUL): remove them and try again."),
        ["edit: description with a control character"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Edit", Edit(("Edit.Description", Soh)), Refused, "Description cannot contain control characters (such as NUL): remove them and try again."),
        ["cancel: note with a control character"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Cancel", Cancel(("Cancel.Note", Soh)), Refused, "Note to participants (optional) cannot contain control characters (such as NUL): remove them and try again."),
        ["sign-in: a control character in the email"] = new(Role.Anonymous, "POST", "/Account/Login", [("Input.Email", "carlos.client@northwind.example" + Soh), ("Input.Password", "x")], Shown, "Email cannot contain control characters (such as NUL): remove them and try again."),
        ["experts: NUL in the search"] = new(Role.Clara, "GET", "/Experts?q=%00", [], [200], null),
        ["callback: NUL in the state"] = new(Role.Clara, "GET", "/integrations/zoom/callback?state=%00&code=abc", [], Refused, "This sign-in response has no state. Please start linking again."),

        // A form's key reused with other details (finding 9): {meeting} is a meeting Clara scheduled with that key, titled otherwise.
        ["schedule: a used key with another title"] = new(Role.Clara, "POST", NorthwindProject, Schedule(("Form.IdempotencyKey", "{meeting}")), Refused, "This form was already submitted with other details."),

        // A POST (or GET) that selects no handler of the page (finding 5): 404, whatever the page and id.
        ["no handler: a project"] = new(Role.Clara, "POST", $"/Projects/{DemoData.NorthwindProjectId}", [], NotFound, NotFoundHere),
        ["unknown handler: a project"] = new(Role.Clara, "POST", $"/Projects/{DemoData.NorthwindProjectId}?handler=Nope", [], NotFound, NotFoundHere),
        ["unknown handler: a project, GET (the unnamed OnGet runs)"] = new(Role.Clara, "GET", $"/Projects/{DemoData.NorthwindProjectId}?handler=Nope", [], [200], null),
        ["repeated handler: a project"] = new(Role.Clara, "POST", $"/Projects/{DemoData.NorthwindProjectId}?handler=Nope&handler=Schedule", [], NotFound, NotFoundHere),
        ["no handler: an unknown project"] = new(Role.Clara, "POST", $"/Projects/{Guid.NewGuid()}", [], NotFound, NotFoundHere),
        ["no handler: a brief"] = new(Role.Clara, "POST", $"/Briefs/{DemoData.NorthwindBriefId}", [], NotFound, NotFoundHere),
        ["unknown handler: a brief"] = new(Role.Clara, "POST", $"/Briefs/{DemoData.NorthwindBriefId}?handler=Nope", [], NotFound, NotFoundHere),
        ["no handler: a profile"] = new(Role.Clara, "POST", $"/Experts/{DemoData.Hiro.Id}", [], NotFound, NotFoundHere),
        ["unknown handler: another organisation's profile"] = new(Role.Clara, "POST", $"/Experts/{DemoData.Marco.Id}?handler=Nope", [], NotFound, NotFoundHere),
        ["no handler: a meeting"] = new(Role.Clara, "POST", "/meetings/{meeting}", [], NotFound, NotFoundHere),
        ["unknown handler: a meeting"] = new(Role.Clara, "POST", "/meetings/{meeting}?handler=Nope", [], NotFound, NotFoundHere),
        ["no handler: a meeting as a participant"] = new(Role.Erin, "POST", "/meetings/{meeting}", [], NotFound, NotFoundHere),
        ["no handler: an unknown meeting"] = new(Role.Clara, "POST", $"/meetings/{Guid.NewGuid()}", [], NotFound, NotFoundHere),
        ["no handler: a meeting's calendar file"] = new(Role.Clara, "POST", "/meetings/{meeting}/ics", [], NotFound, NotFoundHere),
        ["no handler: my meetings"] = new(Role.Clara, "POST", "/Meetings", [], NotFound, NotFoundHere),
        ["no handler: the projects"] = new(Role.Clara, "POST", "/Projects", [], NotFound, NotFoundHere),
        ["no handler: the experts"] = new(Role.Admin, "POST", "/Experts", [], NotFound, NotFoundHere),
        ["no handler: the home page"] = new(Role.Gina, "POST", "/", [], NotFound, NotFoundHere),
        ["no handler: connected apps"] = new(Role.Clara, "POST", "/Account/ConnectedApps", [], NotFound, NotFoundHere),
        ["unknown handler: sign-in (the unnamed OnPost runs)"] = new(Role.Anonymous, "POST", "/Account/Login?handler=Nope", [], Shown, "Enter your email."),
        ["no handler: a project, anonymous"] = new(Role.Anonymous, "POST", $"/Projects/{DemoData.NorthwindProjectId}", [], [302], null),

        // Signing in (anonymous).
        ["sign-in: nothing filled in"] = new(Role.Anonymous, "POST", "/Account/Login", [], Shown, "Enter your email."),
        ["sign-in: 1 MB email"] = new(Role.Anonymous, "POST", "/Account/Login", [("Input.Email", OneMegabyte + "@example.com"), ("Input.Password", "x")], Shown, "An email address has at most 254 characters."),
        ["sign-in: 1 MB password"] = new(Role.Anonymous, "POST", "/Account/Login", [("Input.Email", DemoData.Carlos.Email), ("Input.Password", OneMegabyte)], Shown, "A password has at most 200 characters."),
        ["sign-in: script as email"] = new(Role.Anonymous, "POST", "/Account/Login", [("Input.Email", "<script>alert(1)</script>"), ("Input.Password", "x")], Shown, "Enter a valid email address."),
        ["sign-in: script in the return address"] = new(Role.Anonymous, "GET", "/Account/Login?ReturnUrl=" + Uri.EscapeDataString("\"><script>alert(1)</script>"), [], [200], null),
        ["experts: script in the search"] = new(Role.Clara, "GET", "/Experts?q=" + Uri.EscapeDataString("\"><script>alert(1)</script><img src=x onerror=alert(1)>"), [], [200], null),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_gets_a_clear_answer_never_a_500_and_nothing_is_half_saved(string name)
    {
        await app.EnsureLinkedAsync();
        var input = Cases[name];
        var meetingId = input.Url.Contains("{meeting}", StringComparison.Ordinal) || input.Fields.Any(f => f.Value?.Contains("{meeting}", StringComparison.Ordinal) == true)
            ? await app.ScheduleAsync()
            : app.MatrixMeetingId;
        var meeting = await app.MeetingAsync(meetingId);
        var url = input.Url.Replace("{meeting}", meetingId.ToString(), StringComparison.Ordinal);
        var client = input.Who == Role.Anonymous ? app.Factory.CreateAnonymousClient() : await app.ClientAsync(input.Who);
        var before = await app.FootprintAsync();
        var token = input.Who == Role.Anonymous ? await InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login") : await app.TokenAsync(input.Who);

        HttpResponseMessage response;
        if (input.Method == "GET")
        {
            response = await client.GetAsync(new Uri(url, UriKind.Relative), SecurityApp.Ct);
        }
        else
        {
            var fields = input.Fields
                .Where(f => f.Value is not null)
                .Select(f => KeyValuePair.Create(f.Name, f.Value!
                    .Replace("{key}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                    .Replace("{matrix-meeting}", app.MatrixMeetingId.ToString(), StringComparison.Ordinal)
                    .Replace("{meeting}", meetingId.ToString(), StringComparison.Ordinal)
                    .Replace("{version}", meeting!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
                .Prepend(KeyValuePair.Create("__RequestVerificationToken", token));
            using var content = new FormUrlEncodedContent(fields);
            response = await client.PostAsync(new Uri(url, UriKind.Relative), content, SecurityApp.Ct);
        }

        using (response)
        {
            var html = await response.Content.ReadAsStringAsync(SecurityApp.Ct);
            Assert.True(input.Statuses.Contains((int)response.StatusCode), $"{name}: {(int)response.StatusCode}\n{Excerpt(html)}");
            if (response.StatusCode == HttpStatusCode.Redirect && input.Message is not null)
            {
                // Post/redirect/get: the message is on the page redirected to.
                (var next, var page) = await client.GetPageAsync(response.Headers.Location!.OriginalString);
                next.Dispose();
                html = page.DocumentElement.OuterHtml;
            }

            var document = await new HtmlParser().ParseDocumentAsync(html);
            if (input.Message is { } message)
            {
                var shownIn = document.QuerySelectorAll("[role='alert'], .field__error, .alert--error, .validation-summary-errors, #status-explanation");
                Assert.True(shownIn.Any(e => e.TextContent.Contains(message, StringComparison.Ordinal)),
                    $"{name}: expected “{message}” in an error message; the page ({(int)response.StatusCode}) says:\n{Excerpt(document.QuerySelector("main")?.TextContent ?? html)}");
            }

            AssertNothingRuns(document, name);
        }

        if (input.Who == Role.Anonymous)
        {
            client.Dispose();
        }

        Assert.Equal(before, await app.FootprintAsync());
    }

    /// <summary>What people type is text: no script runs, no markup of theirs becomes elements.</summary>
    private static void AssertNothingRuns(IDocument document, string where)
    {
        Assert.All(document.QuerySelectorAll("script"), script => Assert.True(script.HasAttribute("src"), $"{where}: an inline script: {script.OuterHtml}"));
        Assert.Empty(document.All.Where(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))).Select(e => e.OuterHtml));
        Assert.Empty(document.QuerySelectorAll("iframe, b, img[src='x']").Select(e => e.OuterHtml));
        Assert.Empty(document.QuerySelectorAll("a[href^='javascript']").Select(e => e.OuterHtml));
    }

    [Fact]
    public async Task Script_and_html_in_a_title_and_description_are_shown_as_text_on_every_page_that_shows_them()
    {
        await app.EnsureLinkedAsync();
        var clara = await app.ClientAsync(Role.Clara);
        var erin = await app.ClientAsync(Role.Erin);
        var id = Guid.NewGuid();
        using (var content = SecurityApp.Form(
            ("__RequestVerificationToken", await app.TokenAsync(Role.Clara)),
            ("Form.IdempotencyKey", id.ToString()),
            ("Form.Platform", "zoom"),
            ("Form.Title", ScriptTitle),
            ("Form.Description", HtmlDescription),
            ("Form.Start", SecurityApp.Local(SecurityApp.Day.AddDays(5).At(9))),
            ("Form.End", SecurityApp.Local(SecurityApp.Day.AddDays(5).At(10))),
            ("Form.Participants", DemoData.Erin.Id.ToString())))
        using (var scheduled = await clara.PostAsync(new Uri(NorthwindProject, UriKind.Relative), content, SecurityApp.Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        }

        // The confirmation (TempData) on the page scheduled from, the project's upcoming meetings, My meetings (searched for
        // it: the other tests' meetings fill more than its first page) and the meeting page, for the organizer and for the participant.
        var myMeetings = "/Meetings?q=" + Uri.EscapeDataString("<b>Bold</b> call");
        foreach (var (client, url) in new[]
        {
            (clara, $"/Projects/{DemoData.NorthwindProjectId}"),
            (clara, myMeetings),
            (clara, $"/meetings/{id}"),
            (erin, $"/Projects/{DemoData.NorthwindProjectId}"),
            (erin, myMeetings),
            (erin, $"/meetings/{id}"),
        })
        {
            var (response, document) = await client.GetPageAsync(url);
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Contains(ScriptTitle, document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            if (url.StartsWith("/meetings/", StringComparison.Ordinal))
            {
                Assert.Equal(HtmlDescription, document.QuerySelector("#meeting-description")?.TextContent.Trim());
            }

            AssertNothingRuns(document, url);
        }

        // The calendar file carries it as text too (no HTML there to run, but no markup lost either).
        using var ics = await clara.GetAsync(new Uri($"/meetings/{id}/ics", UriKind.Relative), SecurityApp.Ct);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Contains("<script>alert('title')</script>", (await ics.Content.ReadAsStringAsync(SecurityApp.Ct)).Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Excerpt(string text)
    {
        var trimmed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return trimmed.Length > 1500 ? trimmed[..1500] + "…" : trimmed;
    }
}

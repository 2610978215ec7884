using System.Globalization;
using System.Text;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// A small Outlook calendar for one account (<c>/microsoft/calendar?account=email</c>): the organizer moves or deletes their
/// events, an attendee answers invitations (Accept, Tentative, Decline). Plain forms, no script; each change is what Outlook's
/// own UI makes, so delta and subscriptions see it.
/// </summary>
internal static class OutlookPages
{
    private const string Path = "/calendar";

    private static readonly (string Value, string Label)[] AnswerButtons =
        [(GraphEnums.Accepted, "Accept"), (GraphEnums.TentativelyAccepted, "Tentative"), (GraphEnums.Declined, "Decline")];

    public static void Map(RouteGroupBuilder microsoft)
    {
        microsoft.MapGet(Path, Show).AsInspection();
        microsoft.MapPost(Path + "/move", MoveAsync).AsInspection();
        microsoft.MapPost(Path + "/delete", DeleteAsync).AsInspection();
        microsoft.MapPost(Path + "/respond", RespondAsync).AsInspection();
    }

    private static IResult Show(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        string? email = http.Request.Query["account"];
        if (string.IsNullOrWhiteSpace(email))
        {
            return ChooseAccount(http, sandbox);
        }

        return FindPerson(sandbox, email) is { } account
            ? Page(http, sandbox, account, http.Request.Query["done"], null, StatusCodes.Status200OK)
            : HtmlPage.Error("No such account", $"There is no Microsoft account {email} in the sandbox.", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> MoveAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        string eventId = form!["eventId"].ToString();
        if (sandbox.Microsoft.Calendars.Get(account.Id, eventId) is not { } found)
        {
            return Page(http, sandbox, account, null, "That event no longer exists.", StatusCodes.Status404NotFound);
        }

        TimeZoneInfo zone = ZoneOf(found);
        if (!WallClock.TryParse(form["start"], out DateTime start) || !WallClock.TryParse(form["end"], out DateTime end))
        {
            return Page(http, sandbox, account, null, "Enter the new start and end as date and time.", StatusCodes.Status400BadRequest);
        }

        if (!WallClock.TryUtc(start, zone, out DateTimeOffset startUtc) || !WallClock.TryUtc(end, zone, out DateTimeOffset endUtc))
        {
            return Page(http, sandbox, account, null, $"That time does not exist in {zone.Id} (the clocks change then).", StatusCodes.Status400BadRequest);
        }

        return sandbox.Microsoft.Calendars.Move(account.Id, eventId, startUtc, endUtc) is null
            ? Page(http, sandbox, account, null, "The end must not be before the start.", StatusCodes.Status400BadRequest)
            : Done(http, account, "Event moved. Attendees were sent an update.");
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        return sandbox.Microsoft.Calendars.Remove(account.Id, form!["eventId"].ToString(), comment: null)
            ? Done(http, account, "Event deleted. Attendees were sent a cancellation.")
            : Page(http, sandbox, account, null, "That event no longer exists.", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RespondAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? attendee, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        if (attendee is null)
        {
            return error!;
        }

        string answer = form!["response"].ToString();
        (OutlookEvent? answered, string? problem) = sandbox.Microsoft.Calendars.Respond(form["eventId"].ToString(), attendee.Email, answer);
        return answered is null
            ? Page(http, sandbox, attendee, null, problem, StatusCodes.Status400BadRequest)
            : Done(http, attendee, $"You answered: {Label(answer)}.");
    }

    private static async Task<(MicrosoftAccount?, IFormCollection?, IResult?)> ReadAsync(HttpContext http, ProviderSandboxState sandbox)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, null, HtmlPage.Error("Bad request", "Expected a form.", StatusCodes.Status400BadRequest));
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        return FindPerson(sandbox, form["account"].ToString()) is { } account
            ? (account, form, null)
            : (null, null, HtmlPage.Error("No such account", "There is no such Microsoft account in the sandbox.", StatusCodes.Status404NotFound));
    }

    /// <summary>Post/redirect/get: back to the calendar with a message.</summary>
    private static IResult Done(HttpContext http, MicrosoftAccount account, string message) =>
        Results.Redirect($"{SandboxUrls.RootPath(http)}/microsoft{Path}?account={Uri.EscapeDataString(account.Email)}&done={Uri.EscapeDataString(message)}");

    private static IResult ChooseAccount(HttpContext http, ProviderSandboxState sandbox)
    {
        string self = SandboxUrls.RootPath(http) + "/microsoft" + Path;
        string accounts = string.Concat(sandbox.Microsoft.Accounts.All()
            .Select(a => $"""<li><a href="{E(self)}?account={E(Uri.EscapeDataString(a.Email))}">{E(a.DisplayName)} ({E(a.Email)})</a></li>"""));
        return HtmlPage.Render("Outlook Calendar", $"""
            <h1>Outlook Calendar</h1>
            <p>Whose calendar?</p>
            <ul>{accounts}</ul>
            <form method="get" action="{E(self)}">
            <label for="account">Email address</label>
            <input id="account" name="account" type="email" required>
            <button type="submit">Open calendar</button>
            </form>
            """);
    }

    private static IResult Page(HttpContext http, ProviderSandboxState sandbox, MicrosoftAccount account, string? done, string? error, int status)
    {
        string root = SandboxUrls.RootPath(http) + "/microsoft" + Path;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Outlook Calendar</h1>
            <p><strong>{E(account.DisplayName)}</strong> ({E(account.Email)}){(account.Personal ? " - personal account" : string.Empty)}</p>
            """);
        if (!string.IsNullOrEmpty(done))
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p role="status">{E(done)}</p>""");
        }

        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        IReadOnlyList<OutlookEvent> own = sandbox.Microsoft.Calendars.Agenda(account.Id);
        body.Append("<h2>Your events</h2>");
        if (own.Count == 0)
        {
            body.Append("<p>No events.</p>");
        }

        foreach (OutlookEvent calendarEvent in own)
        {
            string id = E(calendarEvent.Id);
            TimeZoneInfo zone = ZoneOf(calendarEvent);
            string attendees = string.Concat(calendarEvent.Attendees.Select(a => $"<li>{E(a.Email)}: {E(Label(a.Response))}</li>"));
            body.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="e-{id}">
                <h3 id="e-{id}">{E(Title(calendarEvent))}</h3>
                <p>{E(When(calendarEvent, zone))}</p>
                {(calendarEvent.JoinUrl is { } join ? $"<p>Online meeting: {E(join)}</p>" : string.Empty)}
                {(attendees.Length == 0 ? string.Empty : $"<ul aria-label=\"Attendees\">{attendees}</ul>")}
                <p class="guest-list-setting">Hide attendee list: {(calendarEvent.HideAttendees ? "on" : "off")}</p>
                <form method="post" action="{E(root)}/move">
                <input type="hidden" name="account" value="{E(account.Email)}">
                <input type="hidden" name="eventId" value="{id}">
                <label for="start-{id}">New start ({E(zone.Id)})</label>
                <input id="start-{id}" name="start" type="datetime-local" required value="{E(WallClock.Format(calendarEvent.Start, zone))}">
                <label for="end-{id}">New end ({E(zone.Id)})</label>
                <input id="end-{id}" name="end" type="datetime-local" required value="{E(WallClock.Format(calendarEvent.End, zone))}">
                <button type="submit">Move event</button>
                </form>
                <form method="post" action="{E(root)}/delete">
                <input type="hidden" name="account" value="{E(account.Email)}">
                <input type="hidden" name="eventId" value="{id}">
                <button type="submit" class="secondary">Delete event</button>
                </form>
                </section>
                """);
        }

        IReadOnlyList<OutlookEvent> invitations = sandbox.Microsoft.Calendars.Invitations(account.Email);
        body.Append("<h2>Invitations</h2>");
        if (invitations.Count == 0)
        {
            body.Append("<p>No invitations.</p>");
        }

        foreach (OutlookEvent invitation in invitations)
        {
            string id = E(invitation.Id);
            string mine = invitation.Attendees.Find(a => string.Equals(a.Email, account.Email, StringComparison.OrdinalIgnoreCase))?.Response ?? GraphEnums.None;
            body.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="i-{id}">
                <h3 id="i-{id}">{(invitation.Cancelled ? "Canceled: " : string.Empty)}{E(Title(invitation))}</h3>
                <p>{E(When(invitation, ZoneOf(invitation)))}</p>
                <p>Organizer: {E(invitation.OwnerEmail)}. Your answer: {E(Label(mine))}.</p>
                {(invitation.HideAttendees
                    ? "<p class=\"guest-list-hidden\">The organizer has hidden the attendee list.</p>"
                    : $"<ul aria-label=\"Attendees\">{string.Concat(invitation.Attendees.Select(a => $"<li>{E(a.Email)}</li>"))}</ul>")}
                """);
            if (invitation.Cancelled)
            {
                body.Append(CultureInfo.InvariantCulture, $"""<p>The organizer cancelled this meeting.{(invitation.CancelComment is { Length: > 0 } comment ? $" Their note: {E(comment)}" : string.Empty)}</p>""");
            }
            else
            {
                string buttons = string.Concat(AnswerButtons.Select(b =>
                    $"""<button type="submit" name="response" value="{b.Value}"{(b.Value == mine ? " aria-pressed=\"true\"" : " class=\"secondary\"")}>{b.Label}</button>"""));
                body.Append(CultureInfo.InvariantCulture, $"""
                    <form method="post" action="{E(root)}/respond">
                    <input type="hidden" name="account" value="{E(account.Email)}">
                    <input type="hidden" name="eventId" value="{id}">
                    <fieldset><legend>Going?</legend>{buttons}</fieldset>
                    </form>
                    """);
            }

            body.Append("</section>");
        }

        return HtmlPage.Render($"Outlook Calendar - {account.Email}", body.ToString(), status);
    }

    /// <summary>The account, or for an attendee invited by email who never signed in, an account made for them now (their page shows their invitations).</summary>
    private static MicrosoftAccount? FindPerson(ProviderSandboxState sandbox, string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        return sandbox.Microsoft.Accounts.FindByEmail(email)
            ?? (sandbox.Microsoft.Calendars.Invitations(email).Count > 0 ? sandbox.Microsoft.Accounts.GetOrCreate(email, null) : null);
    }

    private static string Title(OutlookEvent calendarEvent) => calendarEvent.Subject.Length == 0 ? "(No title)" : calendarEvent.Subject;

    private static string Label(string? answer) => answer switch
    {
        GraphEnums.Accepted => "accepted",
        GraphEnums.TentativelyAccepted => "tentative",
        GraphEnums.Declined => "declined",
        _ => "not answered yet",
    };

    private static string When(OutlookEvent calendarEvent, TimeZoneInfo zone) =>
        $"{WallClock.Format(calendarEvent.Start, zone).Replace('T', ' ')} to {WallClock.Format(calendarEvent.End, zone).Replace('T', ' ')} ({zone.Id})";

    /// <summary>The zone the organizer gave the event's start, UTC when the host does not know it.</summary>
    private static TimeZoneInfo ZoneOf(OutlookEvent calendarEvent) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(calendarEvent.StartZone, out TimeZoneInfo? zone) ? zone : TimeZoneInfo.Utc;
}

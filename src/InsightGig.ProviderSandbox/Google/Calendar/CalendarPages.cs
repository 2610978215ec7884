using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// A small "Google Calendar" for one account (<c>/google/calendar?account=email</c>): the organizer moves or deletes their
/// events, a guest answers invitations. Plain forms, no script; each change is what Google's own UI would make.
/// </summary>
internal static class CalendarPages
{
    private const string Path = "/calendar";

    private static readonly (string Value, string Label)[] AnswerButtons = [("accepted", "Yes"), ("declined", "No"), ("tentative", "Maybe")];

    public static void Map(RouteGroupBuilder google)
    {
        google.MapGet(Path, Show).AsInspection();
        google.MapPost(Path + "/move", MoveAsync).AsInspection();
        google.MapPost(Path + "/delete", DeleteAsync).AsInspection();
        google.MapPost(Path + "/respond", RespondAsync).AsInspection();
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
            : HtmlPage.Error("No such account", $"There is no Google account {email} in the sandbox.", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> MoveAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? account, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        string eventId = form!["eventId"].ToString();
        if (!WallClock.TryParse(form["start"], out DateTime start) || !WallClock.TryParse(form["end"], out DateTime end))
        {
            return Page(http, sandbox, account, null, "Enter the new start and end as date and time.", StatusCodes.Status400BadRequest);
        }

        TimeZoneInfo zone = ZoneOf(sandbox.Google.Events.Get(account.Calendar, eventId).Resource);
        if (!WallClock.TryUtc(start, zone, out DateTimeOffset startUtc) || !WallClock.TryUtc(end, zone, out DateTimeOffset endUtc))
        {
            return Page(http, sandbox, account, null, $"That time does not exist in {zone.Id} (the clocks change then).", StatusCodes.Status400BadRequest);
        }

        CalendarResult result = sandbox.Google.Events.MoveAsOrganizer(account.Calendar, eventId, startUtc, endUtc);
        return Done(http, sandbox, account, result, "Event moved. Guests were sent an update.");
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? account, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        return account is null
            ? error!
            : Done(http, sandbox, account, sandbox.Google.Events.DeleteAsOrganizer(account.Calendar, form!["eventId"].ToString()), "Event deleted. Guests were sent a cancellation.");
    }

    private static async Task<IResult> RespondAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? guest, IFormCollection? form, IResult? error) = await ReadAsync(http, sandbox);
        if (guest is null)
        {
            return error!;
        }

        if (sandbox.Google.Accounts.FindByEmail(form!["calendar"].ToString()) is not { } organizer)
        {
            return Page(http, sandbox, guest, null, "That invitation's calendar does not exist.", StatusCodes.Status404NotFound);
        }

        string answer = form["response"].ToString();
        CalendarResult result = sandbox.Google.Events.RespondAsGuest(organizer.Calendar, form["eventId"].ToString(), guest.Email, answer);
        return Done(http, sandbox, guest, result, $"You answered: {Label(answer)}.");
    }

    private static async Task<(GoogleAccount?, IFormCollection?, IResult?)> ReadAsync(HttpContext http, ProviderSandboxState sandbox)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, null, HtmlPage.Error("Bad request", "Expected a form.", StatusCodes.Status400BadRequest));
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        return FindPerson(sandbox, form["account"].ToString()) is { } account
            ? (account, form, null)
            : (null, null, HtmlPage.Error("No such account", "There is no such Google account in the sandbox.", StatusCodes.Status404NotFound));
    }

    /// <summary>Post/redirect/get: back to the calendar with a message, or the page again with the error.</summary>
    private static IResult Done(HttpContext http, ProviderSandboxState sandbox, GoogleAccount account, CalendarResult result, string message)
    {
        if (result.Error is { } error)
        {
            return Page(http, sandbox, account, null, error.Message, error.Code);
        }

        string url = $"{SandboxUrls.RootPath(http)}/google{Path}?account={Uri.EscapeDataString(account.Email)}&done={Uri.EscapeDataString(message)}";
        return Results.Redirect(url, permanent: false, preserveMethod: false);
    }

    private static IResult ChooseAccount(HttpContext http, ProviderSandboxState sandbox)
    {
        string self = SandboxUrls.RootPath(http) + "/google" + Path;
        string accounts = string.Concat(sandbox.Google.Accounts.All().OrderBy(a => a.Email, StringComparer.OrdinalIgnoreCase)
            .Select(a => $"""<li><a href="{E(self)}?account={E(Uri.EscapeDataString(a.Email))}">{E(a.Name)} ({E(a.Email)})</a></li>"""));
        return HtmlPage.Render("Google Calendar", $"""
            <h1>Google Calendar</h1>
            <p>Whose calendar?</p>
            <ul>{accounts}</ul>
            <form method="get" action="{E(self)}">
            <label for="account">Email address</label>
            <input id="account" name="account" type="email" required>
            <button type="submit">Open calendar</button>
            </form>
            """);
    }

    private static IResult Page(HttpContext http, ProviderSandboxState sandbox, GoogleAccount account, string? done, string? error, int status)
    {
        string root = SandboxUrls.RootPath(http) + "/google" + Path;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Google Calendar</h1>
            <p><strong>{E(account.Name)}</strong> ({E(account.Email)})</p>
            """);
        if (!string.IsNullOrEmpty(done))
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p role="status">{E(done)}</p>""");
        }

        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        IReadOnlyList<JsonObject> own = sandbox.Google.Events.Agenda(account.Calendar);
        body.Append("<h2>Your events</h2>");
        if (own.Count == 0)
        {
            body.Append("<p>No events.</p>");
        }

        foreach (JsonObject calendarEvent in own)
        {
            string id = calendarEvent["id"]!.GetValue<string>();
            TimeZoneInfo zone = ZoneOf(calendarEvent);
            bool timed = calendarEvent["start"]?["dateTime"] is not null;
            body.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="e-{E(id)}">
                <h3 id="e-{E(id)}">{E(Title(calendarEvent))}</h3>
                <p>{E(When(calendarEvent, zone))}</p>
                {Guests(calendarEvent)}
                <p class="guest-list-setting">Guests can see other guests: {(GuestsCanSeeOtherGuests(calendarEvent) ? "yes" : "no")}</p>
                """);
            if (timed)
            {
                body.Append(CultureInfo.InvariantCulture, $"""
                    <form method="post" action="{E(root)}/move">
                    <input type="hidden" name="account" value="{E(account.Email)}">
                    <input type="hidden" name="eventId" value="{E(id)}">
                    <label for="start-{E(id)}">New start ({E(zone.Id)})</label>
                    <input id="start-{E(id)}" name="start" type="datetime-local" required value="{E(Local(calendarEvent["start"], zone))}">
                    <label for="end-{E(id)}">New end ({E(zone.Id)})</label>
                    <input id="end-{E(id)}" name="end" type="datetime-local" required value="{E(Local(calendarEvent["end"], zone))}">
                    <button type="submit">Move event</button>
                    </form>
                    """);
            }

            body.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{E(root)}/delete">
                <input type="hidden" name="account" value="{E(account.Email)}">
                <input type="hidden" name="eventId" value="{E(id)}">
                <button type="submit" class="secondary">Delete event</button>
                </form>
                </section>
                """);
        }

        IReadOnlyList<(string CalendarId, JsonObject Resource)> invitations = sandbox.Google.Events.Invitations(sandbox.Google.Accounts.All().Select(a => a.Calendar), account.Email);
        body.Append("<h2>Invitations</h2>");
        if (invitations.Count == 0)
        {
            body.Append("<p>No invitations.</p>");
        }

        foreach ((string organizer, JsonObject calendarEvent) in invitations)
        {
            string id = calendarEvent["id"]!.GetValue<string>();
            string mine = (calendarEvent["attendees"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(a => string.Equals(a["email"]?.GetValue<string>(), account.Email, StringComparison.OrdinalIgnoreCase))?["responseStatus"]?.GetValue<string>()
                ?? "needsAction";
            string buttons = string.Concat(AnswerButtons.Select(b =>
                $"""<button type="submit" name="response" value="{b.Value}"{(b.Value == mine ? " aria-pressed=\"true\"" : string.Empty)}{(b.Value == mine ? string.Empty : " class=\"secondary\"")}>{b.Label}</button>"""));
            body.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="i-{E(id)}">
                <h3 id="i-{E(id)}">{E(Title(calendarEvent))}</h3>
                <p>{E(When(calendarEvent, ZoneOf(calendarEvent)))}</p>
                <p>Organizer: {E(organizer)}. Your answer: {E(Label(mine))}.</p>
                {GuestsAsGuestSeesThem(calendarEvent)}
                <form method="post" action="{E(root)}/respond">
                <input type="hidden" name="account" value="{E(account.Email)}">
                <input type="hidden" name="calendar" value="{E(organizer)}">
                <input type="hidden" name="eventId" value="{E(id)}">
                <fieldset><legend>Going?</legend>{buttons}</fieldset>
                </form>
                </section>
                """);
        }

        return HtmlPage.Render($"Google Calendar - {account.Email}", body.ToString(), status);
    }

    /// <summary>
    /// The account, or for a guest invited by email who never signed in to the sandbox, an account made for them now (as a
    /// real invitee has a Google account, or gets a guest view): their page shows their invitations.
    /// </summary>
    private static GoogleAccount? FindPerson(ProviderSandboxState sandbox, string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        if (sandbox.Google.Accounts.FindByEmail(email) is { } known)
        {
            return known;
        }

        bool invited = sandbox.Google.Events.Invitations(sandbox.Google.Accounts.All().Select(a => a.Calendar), email).Count > 0;
        return invited ? sandbox.Google.Accounts.GetOrCreate(email, null) : null;
    }

    private static string Title(JsonObject calendarEvent) => calendarEvent["summary"]?.GetValue<string>() ?? "(No title)";

    private static string Guests(JsonObject calendarEvent)
    {
        string items = string.Concat((calendarEvent["attendees"] as JsonArray ?? []).OfType<JsonObject>().Select(a =>
            $"<li>{E(a["email"]?.GetValue<string>())}: {E(Label(a["responseStatus"]?.GetValue<string>()))}</li>"));
        return items.Length == 0 ? string.Empty : $"<ul aria-label=\"Guests\">{items}</ul>";
    }

    /// <summary>The event's <c>guestsCanSeeOtherGuests</c>; absent is the discovery document's default, true.</summary>
    private static bool GuestsCanSeeOtherGuests(JsonObject calendarEvent) =>
        calendarEvent["guestsCanSeeOtherGuests"] is not JsonValue value || !value.TryGetValue(out bool canSee) || canSee;

    /// <summary>A guest's view of the guest list: the attendees, or only a note when the organizer hid it.</summary>
    private static string GuestsAsGuestSeesThem(JsonObject calendarEvent) =>
        GuestsCanSeeOtherGuests(calendarEvent) ? Guests(calendarEvent) : "<p class=\"guest-list-hidden\">The organizer has hidden the guest list.</p>";

    private static string Label(string? answer) => answer switch
    {
        "accepted" => "yes",
        "declined" => "no",
        "tentative" => "maybe",
        _ => "not answered yet",
    };

    private static string When(JsonObject calendarEvent, TimeZoneInfo zone)
    {
        if (calendarEvent["start"]?["date"] is { } day)
        {
            return $"All day, {day}";
        }

        return $"{Local(calendarEvent["start"], zone).Replace('T', ' ')} to {Local(calendarEvent["end"], zone).Replace('T', ' ')} ({zone.Id})";
    }

    /// <summary>The event's zone (its start's timeZone), UTC without one.</summary>
    private static TimeZoneInfo ZoneOf(JsonObject? calendarEvent) =>
        calendarEvent?["start"]?["timeZone"]?.GetValue<string>() is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out TimeZoneInfo? zone)
            ? zone
            : TimeZoneInfo.Utc;

    /// <summary>An EventDateTime as the value of a datetime-local input in <paramref name="zone"/>.</summary>
    private static string Local(JsonNode? time, TimeZoneInfo zone) =>
        time?["dateTime"]?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant)
            ? WallClock.Format(instant, zone)
            : string.Empty;
}

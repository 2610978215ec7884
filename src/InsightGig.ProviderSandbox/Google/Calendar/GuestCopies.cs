using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// A guest's copy of an invitation, as the Calendar API shows it in the guest's own calendar: the organizer's event (same id
/// and iCalUID) with the guest's attendee entry marked <c>self</c>. The sandbox keeps one event, in the organizer's
/// calendar; a guest's events.list by <c>iCalUID</c> finds the copy, and a guest's events.patch of it changes only their own
/// <c>responseStatus</c> (Calendar ignores a guest's changes to the other fields of a meeting they do not organise).
/// </summary>
internal sealed partial class CalendarEventService
{
    /// <summary>True when <paramref name="eventId"/> is an event of <paramref name="calendar"/> itself (deleted or not).</summary>
    public static bool Contains(GoogleCalendar calendar, string eventId)
    {
        lock (calendar.Gate)
        {
            return calendar.Events.ContainsKey(eventId);
        }
    }

    /// <summary>The guest's copy of the live event with <paramref name="iCalUid"/> in another calendar that invites them; null if none.</summary>
    public JsonObject? FindGuestCopy(IEnumerable<GoogleCalendar> calendars, string guestEmail, string iCalUid) =>
        FindInvitation(calendars, guestEmail, e => e.ICalUid == iCalUid) is { } found ? GuestCopy(found.Resource, guestEmail) : null;

    /// <summary>
    /// A guest's events.patch of their copy of <paramref name="eventId"/>: their own attendee entry's responseStatus is the
    /// answer; null when no other calendar invites them to that event.
    /// </summary>
    public CalendarResult? PatchGuestCopy(IEnumerable<GoogleCalendar> calendars, string guestEmail, string eventId, JsonObject body)
    {
        if (FindInvitation(calendars, guestEmail, e => e.Id == eventId) is not { } found)
        {
            return null;
        }

        string? answer = (body["attendees"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(a => string.Equals(a["email"]?.GetValue<string>(), guestEmail, StringComparison.OrdinalIgnoreCase))?["responseStatus"]?.GetValue<string>();
        CalendarResult result = answer is null
            ? CalendarResult.Of(found.Resource)
            : RespondAsGuest(found.Calendar, eventId, guestEmail, answer);
        return result.Resource is { } resource ? CalendarResult.Of(GuestCopy(resource, guestEmail)) : result;
    }

    private (GoogleCalendar Calendar, JsonObject Resource)? FindInvitation(IEnumerable<GoogleCalendar> calendars, string guestEmail, Func<CalendarEvent, bool> which)
    {
        foreach (GoogleCalendar calendar in calendars.Where(c => !string.Equals(c.Id, guestEmail, StringComparison.OrdinalIgnoreCase)))
        {
            lock (calendar.Gate)
            {
                ResolveConferences(calendar, time.GetUtcNow());
                CalendarEvent? invitation = calendar.Events.Values.FirstOrDefault(e => e.Status != "cancelled" && which(e)
                    && (e.Fields["attendees"] as JsonArray ?? []).OfType<JsonObject>()
                        .Any(a => string.Equals(a["email"]?.GetValue<string>(), guestEmail, StringComparison.OrdinalIgnoreCase)));
                if (invitation is not null)
                {
                    return (calendar, CalendarEventRenderer.Render(invitation));
                }
            }
        }

        return null;
    }

    /// <summary>The organizer's rendering seen from the guest's calendar: the guest is <c>self</c>, the organizer is not.</summary>
    private static JsonObject GuestCopy(JsonObject resource, string guestEmail)
    {
        foreach (string field in new[] { "creator", "organizer" })
        {
            (resource[field] as JsonObject)?.Remove("self");
        }

        foreach (JsonObject attendee in (resource["attendees"] as JsonArray ?? []).OfType<JsonObject>())
        {
            attendee.Remove("self");
            if (string.Equals(attendee["email"]?.GetValue<string>(), guestEmail, StringComparison.OrdinalIgnoreCase))
            {
                attendee["self"] = true;
            }
        }

        return resource;
    }
}

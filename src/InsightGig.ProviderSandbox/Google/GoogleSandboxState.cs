using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Google;
using InsightGig.ProviderSandbox.Google.Calendar;
using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox;

/// <summary>Google's typed inspection members (this folder's part of the shared state).</summary>
public sealed partial class ProviderSandboxState
{
    internal GoogleSandbox Google => Emulated<GoogleSandbox>(SandboxProvider.Google);

    /// <summary>Google accounts (known accounts and everyone who signed in).</summary>
    public IReadOnlyList<GoogleAccountInfo> GetGoogleAccounts() => [.. Google.Accounts.All().Select(account => account.Describe())];

    /// <summary>
    /// Many connected calendars at once, for benchmarks: for each email an account (made if unknown), a grant with the scopes
    /// the app asks for (tokens as after consent, without the consent pages) and one personal event in its calendar,
    /// <paramref name="eventStart"/> for <paramref name="eventLength"/> (a change to move later with <see cref="MoveCalendarEvent"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An email is empty, or the length is not positive.</exception>
    public IReadOnlyList<SandboxSeededCalendar> SeedGoogleCalendars(IEnumerable<string> emails, DateTimeOffset eventStart, TimeSpan eventLength)
    {
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(eventLength, TimeSpan.Zero);
        var noEmails = new EventWriteOptions(0, "none", SendUpdatesExplicit: false);
        var seeded = new List<SandboxSeededCalendar>();
        foreach (string email in emails)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(email);
            IssuedTokens issued = Google.IssueTokens(email, displayName: null, scopes: null);
            GoogleAccount account = Google.Accounts.FindByEmail(email)!;
            var body = new JsonObject
            {
                ["summary"] = "Focus time",
                ["start"] = new JsonObject { ["dateTime"] = eventStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                ["end"] = new JsonObject { ["dateTime"] = (eventStart + eventLength).ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
            };
            CalendarResult made = Google.Events.Insert(account.Calendar, body, noEmails, sandboxRoot: "");
            string eventId = made.Resource?["id"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"Seeding {email}'s calendar failed: {made.Error?.Message}");
            seeded.Add(new SandboxSeededCalendar(account.Email, account.Sub, issued.AccessToken, issued.RefreshToken!, issued.ExpiresIn, issued.Grant.Scope, eventId));
        }

        return seeded;
    }

    /// <summary>The events of an account's primary calendar, cancelled ones included; empty for an unknown account.</summary>
    public IReadOnlyList<CalendarEventInfo> GetCalendarEvents(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Google.Accounts.FindByEmail(email) is { } account ? Google.Events.Describe(account.Calendar) : [];
    }

    /// <summary>
    /// The organizer moves an event in Google Calendar (as in its UI, guests notified): new times in the event's zone, a new
    /// sequence, etag and updated time; incremental sync returns it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such account or event, the event is deleted, or the times are invalid.</exception>
    public CalendarEventInfo MoveCalendarEvent(string calendarEmail, string eventId, DateTimeOffset start, DateTimeOffset end) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.MoveAsOrganizer(calendar, eventId, start, end));

    /// <summary>The organizer deletes an event in Google Calendar: it becomes "cancelled" (and so it reads in incremental sync).</summary>
    /// <exception cref="InvalidOperationException">No such account or event, or it is deleted already.</exception>
    public CalendarEventInfo DeleteCalendarEvent(string calendarEmail, string eventId) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.DeleteAsOrganizer(calendar, eventId));

    /// <summary>A guest answers the invitation to an event of <paramref name="calendarEmail"/>'s calendar: accepted, declined, tentative or needsAction.</summary>
    /// <exception cref="InvalidOperationException">No such account, event or guest, the event is deleted, or the answer is unknown.</exception>
    public CalendarEventInfo RespondToCalendarEvent(string calendarEmail, string eventId, string guestEmail, string responseStatus) =>
        ChangeCalendarEvent(calendarEmail, eventId, (events, calendar) => events.RespondAsGuest(calendar, eventId, guestEmail, responseStatus));

    /// <summary>Runs a person's change on an event and answers it, or the Calendar error it met.</summary>
    internal (CalendarEventInfo? Event, GoogleApiError? Error) TryChangeCalendarEvent(
        string calendarEmail, string eventId, Func<CalendarEventService, GoogleCalendar, CalendarResult> change)
    {
        if (Google.Accounts.FindByEmail(calendarEmail) is not { } account)
        {
            return (null, new GoogleApiError(404, $"There is no Google account {calendarEmail}.", "notFound"));
        }

        CalendarResult result = change(Google.Events, account.Calendar);
        return result.Error is { } error
            ? (null, error)
            : (Google.Events.Describe(account.Calendar).First(e => e.Id == eventId), null);
    }

    private CalendarEventInfo ChangeCalendarEvent(
        string calendarEmail, string eventId, Func<CalendarEventService, GoogleCalendar, CalendarResult> change)
    {
        ArgumentNullException.ThrowIfNull(calendarEmail);
        ArgumentNullException.ThrowIfNull(eventId);
        (CalendarEventInfo? changed, GoogleApiError? error) = TryChangeCalendarEvent(calendarEmail, eventId, change);
        return changed ?? throw new InvalidOperationException($"Changing event {eventId} of {calendarEmail} failed: {error!.Code} {error.Message}");
    }

    /// <summary>Calendar push channels (events.watch), stopped and expired ones included, with the notifications each sent.</summary>
    public IReadOnlyList<CalendarChannelInfo> GetCalendarChannels() => Google.Channels.Describe();

    /// <summary>Completes when the push notifications sent so far have been delivered (or failed).</summary>
    public Task CalendarNotificationsDeliveredAsync() => Google.Channels.DeliveredAsync();

    /// <summary>Makes every Calendar sync token invalid (lists with one answer 410 fullSyncRequired); returns how many there were.</summary>
    public int ExpireSyncTokens() => Google.Cursors.ExpireSyncTokens();
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>One busy (or tentative, out-of-office, ...) stretch of a person's schedule.</summary>
internal sealed record ScheduleEntry(DateTimeOffset Start, DateTimeOffset End, string Status, string Subject, string? Location, bool IsPrivate);

/// <summary>What an attendee's <c>accept</c>, <c>decline</c> or <c>tentativelyAccept</c> came to.</summary>
internal enum AttendeeAnswerOutcome
{
    Answered,
    NotFound,
    OwnMeeting,
    Cancelled,
}

/// <summary>
/// Every Outlook calendar of the sandbox: the organizers' events, one version counter (what delta reads), and the
/// <c>transactionId</c>s that make a retried create return the event it made. One lock guards it all.
/// </summary>
/// <param name="changed">Called (under the lock) after an event of an owner changed: owner id, event, change type.</param>
internal sealed class OutlookCalendarStore(TimeProvider time, Action<string, OutlookEvent, string>? changed = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OutlookEvent> _events = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>
    /// Creates an event, or answers the live event the same organizer created with the same <c>transactionId</c> (as Graph does for a
    /// retried create). The online meeting follows the calendar's <c>allowedOnlineMeetingProviders</c>: a provider the account may not
    /// use gives an event without one (<c>isOnlineMeeting: false</c>, provider <c>unknown</c>), as Graph answers a personal account
    /// asking for Teams.
    /// </summary>
    public (OutlookEvent Event, bool Existed) Create(MicrosoftAccount owner, EventChanges changes)
    {
        lock (_gate)
        {
            if (changes.TransactionId is { } transaction
                && _events.Values.FirstOrDefault(e => e.OwnerId == owner.Id && !e.Removed && e.TransactionId == transaction) is { } existing)
            {
                return (existing, true);
            }

            DateTimeOffset now = time.GetUtcNow();
            var created = new OutlookEvent
            {
                Id = "AAMkAD" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(57)),
                OwnerId = owner.Id,
                OwnerEmail = owner.Email,
                OwnerName = owner.DisplayName,
                ICalUId = "040000008200E00074C5B7101A82E00800000000" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
                CreatedAt = now,
                TransactionId = changes.TransactionId,
            };
            Apply(owner, created, changes);
            _events[created.Id] = created;
            Touch(created, GraphEnums.Created);
            return (created, false);
        }
    }

    public OutlookEvent? Get(string ownerId, string id)
    {
        lock (_gate)
        {
            return _events.TryGetValue(id, out OutlookEvent? found) && found.OwnerId == ownerId && !found.Removed ? found : null;
        }
    }

    /// <summary>PATCH: applies the changes to a live event of the owner; null when there is none.</summary>
    public OutlookEvent? Update(MicrosoftAccount owner, string id, EventChanges changes)
    {
        lock (_gate)
        {
            if (Get(owner.Id, id) is not { } found)
            {
                return null;
            }

            Apply(owner, found, changes);
            Touch(found, GraphEnums.Updated);
            return found;
        }
    }

    /// <summary>The organizer moves the event (Outlook's UI): new times, same zones.</summary>
    public OutlookEvent? Move(string ownerId, string id, DateTimeOffset start, DateTimeOffset end)
    {
        lock (_gate)
        {
            if (Get(ownerId, id) is not { } found || end < start)
            {
                return null;
            }

            found.Start = start;
            found.End = end;
            Touch(found, GraphEnums.Updated);
            return found;
        }
    }

    /// <summary>
    /// DELETE or <c>cancel</c>: the event leaves the organizer's calendar and, when it has attendees, their invitations read
    /// cancelled (Graph sends them a cancellation either way). False when the owner has no such live event.
    /// </summary>
    public bool Remove(string ownerId, string id, string? comment)
    {
        lock (_gate)
        {
            if (Get(ownerId, id) is not { } found)
            {
                return false;
            }

            found.Removed = true;
            found.Cancelled = found.Attendees.Count > 0;
            found.CancelComment = comment;
            Touch(found, GraphEnums.Deleted);
            return true;
        }
    }

    /// <summary>An attendee answers: the organizer's event carries the answer (and so changes for delta and notifications).</summary>
    public (OutlookEvent? Event, string? Problem) Respond(string eventId, string attendeeEmail, string response)
    {
        if (!GraphEnums.Answers.Contains(response))
        {
            return (null, $"The answer must be one of {string.Join(", ", GraphEnums.Answers)}.");
        }

        lock (_gate)
        {
            if (!_events.TryGetValue(eventId, out OutlookEvent? found) || found.Removed)
            {
                return (null, "The event doesn't exist or was cancelled.");
            }

            if (found.Attendees.Find(a => string.Equals(a.Email, attendeeEmail, StringComparison.OrdinalIgnoreCase)) is not { } attendee)
            {
                return (null, $"{attendeeEmail} is not invited to this event.");
            }

            TellOrganizer(found, attendee, response);
            return (found, null);
        }
    }

    /// <summary>
    /// The id of <paramref name="attendeeEmail"/>'s copy of an organizer's event: each mailbox has its own item (its own id) of the
    /// same meeting (the same <c>iCalUId</c>). Derived from both, so it stays the same across reads without being stored.
    /// </summary>
    private static string CopyId(OutlookEvent organizers, string attendeeEmail) =>
        "AAMkAD" + Base64Url.EncodeToString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(organizers.Id + "\n" + attendeeEmail.ToUpperInvariant())));

    private static OutlookAttendee? AttendeeOf(OutlookEvent e, string email) =>
        e.Attendees.Find(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The items of <paramref name="owner"/>'s mailbox, rendered: the events they organize (live ones) and their copies of other
    /// organizers' events that invite them (cancelled ones too, reading <c>isCancelled</c>), optionally only those of one
    /// <paramref name="iCalUId"/>, or only those overlapping a <paramref name="window"/> (a calendar view).
    /// </summary>
    public IReadOnlyList<JsonObject> Mailbox(MicrosoftAccount owner, string? iCalUId, string? preferredZone, (DateTimeOffset From, DateTimeOffset To)? window = null)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            foreach (OutlookEvent e in _events.Values
                .Where(e => (iCalUId is null || e.ICalUId == iCalUId) && (window is not { } view || e.Overlaps(view.From, view.To)))
                .OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                if (e.OwnerId == owner.Id)
                {
                    if (!e.Removed)
                    {
                        items.Add(OutlookEventRenderer.Render(e, preferredZone));
                    }
                }
                else if ((!e.Removed || e.Cancelled) && AttendeeOf(e, owner.Email) is { } attendee)
                {
                    items.Add(RenderCopy(e, attendee, preferredZone));
                }
            }

            return items;
        }
    }

    /// <summary><paramref name="owner"/>'s copy <paramref name="id"/> of another organizer's meeting, rendered; null when there is none.</summary>
    public JsonObject? GetCopy(MicrosoftAccount owner, string id, string? preferredZone)
    {
        lock (_gate)
        {
            return FindCopy(owner, id) is ({ } e, { } attendee) ? RenderCopy(e, attendee, preferredZone) : null;
        }
    }

    /// <summary>
    /// <c>accept</c>, <c>decline</c>, <c>tentativelyAccept</c> on item <paramref name="id"/> of <paramref name="owner"/>'s mailbox. With
    /// <paramref name="sendResponse"/> the organizer's event carries the answer (and so changes for delta and notifications);
    /// without, only the attendee's copy does.
    /// </summary>
    public AttendeeAnswerOutcome AnswerAsAttendee(MicrosoftAccount owner, string id, string response, bool sendResponse)
    {
        lock (_gate)
        {
            if (Get(owner.Id, id) is not null)
            {
                return AttendeeAnswerOutcome.OwnMeeting;
            }

            if (FindCopy(owner, id) is not ({ } e, { } attendee))
            {
                return AttendeeAnswerOutcome.NotFound;
            }

            if (e.Removed)
            {
                return AttendeeAnswerOutcome.Cancelled;
            }

            if (sendResponse)
            {
                TellOrganizer(e, attendee, response);
            }
            else
            {
                attendee.UntoldResponse = response;
                attendee.UntoldResponseTime = time.GetUtcNow();
            }

            return AttendeeAnswerOutcome.Answered;
        }
    }

    /// <summary>The organizer's event carries the answer, which the copy then reads too; a change for delta and notifications.</summary>
    private void TellOrganizer(OutlookEvent e, OutlookAttendee attendee, string response)
    {
        attendee.Response = response;
        attendee.ResponseTime = time.GetUtcNow();
        attendee.UntoldResponse = null;
        attendee.UntoldResponseTime = null;
        Touch(e, GraphEnums.Updated);
    }

    private (OutlookEvent? Event, OutlookAttendee? Attendee) FindCopy(MicrosoftAccount owner, string id)
    {
        foreach (OutlookEvent e in _events.Values)
        {
            if (e.OwnerId != owner.Id && (!e.Removed || e.Cancelled) && AttendeeOf(e, owner.Email) is { } attendee && CopyId(e, owner.Email) == id)
            {
                return (e, attendee);
            }
        }

        return (null, null);
    }

    private static JsonObject RenderCopy(OutlookEvent e, OutlookAttendee attendee, string? preferredZone)
    {
        JsonObject copy = OutlookEventRenderer.Render(e, preferredZone);
        string id = CopyId(e, attendee.Email);
        copy["id"] = id;
        copy["isOrganizer"] = false;
        copy["transactionId"] = null;
        copy["webLink"] = OutlookEventRenderer.WebLink(id);
        copy["responseStatus"] = OutlookEventRenderer.Status(attendee.UntoldResponse ?? attendee.Response, attendee.UntoldResponseTime ?? attendee.ResponseTime);
        return copy;
    }

    /// <summary>The owner's live events, soonest first.</summary>
    public IReadOnlyList<OutlookEvent> Agenda(string ownerId)
    {
        lock (_gate)
        {
            return [.. _events.Values.Where(e => e.OwnerId == ownerId && !e.Removed).OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Events of other organizers that invite <paramref name="email"/>, cancelled ones included (they read "Canceled").</summary>
    public IReadOnlyList<OutlookEvent> Invitations(string email)
    {
        lock (_gate)
        {
            return [.. _events.Values
                .Where(e => (!e.Removed || e.Cancelled) && e.Attendees.Exists(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(e => e.Start)];
        }
    }

    /// <summary>
    /// The free/busy of <paramref name="email"/> between <paramref name="from"/> and <paramref name="to"/>: the events they organize
    /// (as their <c>showAs</c>) and the invitations they did not decline (accepted: busy; tentative or unanswered: tentative).
    /// </summary>
    public IReadOnlyList<ScheduleEntry> Schedule(string email, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var entries = new List<ScheduleEntry>();
            foreach (OutlookEvent e in _events.Values.Where(e => e.IsIn(from, to)).OrderBy(e => e.Start))
            {
                string? status = string.Equals(e.OwnerEmail, email, StringComparison.OrdinalIgnoreCase)
                    ? e.ShowAs
                    : e.Attendees.Find(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))?.Response switch
                    {
                        null or GraphEnums.Declined => null,
                        GraphEnums.Accepted => "busy",
                        _ => "tentative",
                    };
                if (status is not null and not "free")
                {
                    entries.Add(new ScheduleEntry(e.Start, e.End, status, e.Subject, e.Location, e.Sensitivity is "private" or "confidential"));
                }
            }

            return entries;
        }
    }

    /// <summary>
    /// What a delta round reads: the ids of the owner's events in the window (first round, <paramref name="since"/> null) or changed
    /// after <paramref name="since"/>, and the version this answer is as of.
    /// </summary>
    public (IReadOnlyList<string> Ids, long AsOf) Changes(string ownerId, long? since, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            IEnumerable<OutlookEvent> owned = _events.Values.Where(e => e.OwnerId == ownerId);
            string[] ids = since is { } after
                ? [.. owned.Where(e => e.Version > after).OrderBy(e => e.Version).Select(e => e.Id)]
                : [.. owned.Where(e => e.IsIn(from, to)).OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id)];
            return (ids, _version);
        }
    }

    /// <summary>Renders an event of a delta page: in full when it is in the window now, else as <c>@removed</c>.</summary>
    public JsonObject RenderDeltaItem(string id, DateTimeOffset from, DateTimeOffset to, string? preferredZone)
    {
        lock (_gate)
        {
            return _events.TryGetValue(id, out OutlookEvent? found) && found.IsIn(from, to)
                ? OutlookEventRenderer.Render(found, preferredZone)
                : new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.event",
                    ["id"] = id,
                    ["@removed"] = new JsonObject { ["reason"] = "deleted" },
                };
        }
    }

    public JsonObject Render(OutlookEvent calendarEvent, string? preferredZone = null)
    {
        lock (_gate)
        {
            return OutlookEventRenderer.Render(calendarEvent, preferredZone);
        }
    }

    public IReadOnlyList<OutlookEventInfo> Describe(string? ownerId = null)
    {
        lock (_gate)
        {
            return [.. _events.Values
                .Where(e => ownerId is null || e.OwnerId == ownerId)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Version)
                .Select(e => new OutlookEventInfo(
                    e.Id,
                    e.OwnerEmail,
                    e.ICalUId,
                    e.TransactionId,
                    e.Subject,
                    e.Start,
                    e.End,
                    e.IsOnlineMeeting,
                    e.OnlineMeetingProvider,
                    e.JoinUrl,
                    [.. e.Attendees.Select(a => new OutlookAttendeeInfo(a.Email, a.Type, a.Response))],
                    e.Removed,
                    e.Cancelled,
                    e.CancelComment,
                    OutlookEventRenderer.Render(e, null)))];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }

    private static void Apply(MicrosoftAccount owner, OutlookEvent target, EventChanges changes)
    {
        if (changes.Subject is { } subject)
        {
            target.Subject = subject;
        }

        if (changes.Body is { } body)
        {
            (target.BodyType, target.BodyContent) = body;
        }

        if (changes.Start is { } start)
        {
            (target.Start, target.StartZone) = start;
        }

        if (changes.End is { } end)
        {
            (target.End, target.EndZone) = end;
        }

        if (target.End < target.Start)
        {
            target.End = target.Start; // a PATCH of only the start past the end: Outlook keeps the event, zero-length
        }

        target.Location = changes.Location ?? target.Location;
        if (changes.Attendees is { } attendees)
        {
            // Replacing the list keeps the answers of people already invited (only an attendee answers for themself).
            List<OutlookAttendee> previous = [.. target.Attendees];
            target.Attendees.Clear();
            foreach (AttendeeInput input in attendees.DistinctBy(a => a.Email, StringComparer.OrdinalIgnoreCase))
            {
                OutlookAttendee? known = previous.Find(a => string.Equals(a.Email, input.Email, StringComparison.OrdinalIgnoreCase));
                target.Attendees.Add(new OutlookAttendee
                {
                    Email = input.Email,
                    Name = input.Name ?? known?.Name,
                    Type = input.Type,
                    Response = known?.Response ?? GraphEnums.None,
                    ResponseTime = known?.ResponseTime,
                });
            }
        }

        target.Importance = changes.Importance ?? target.Importance;
        target.Sensitivity = changes.Sensitivity ?? target.Sensitivity;
        target.ShowAs = changes.ShowAs ?? target.ShowAs;
        target.IsReminderOn = changes.IsReminderOn ?? target.IsReminderOn;
        target.ReminderMinutesBeforeStart = changes.ReminderMinutesBeforeStart ?? target.ReminderMinutesBeforeStart;
        target.ResponseRequested = changes.ResponseRequested ?? target.ResponseRequested;
        target.AllowNewTimeProposals = changes.AllowNewTimeProposals ?? target.AllowNewTimeProposals;
        target.HideAttendees = changes.HideAttendees ?? target.HideAttendees;
        if (changes.Categories is { } categories)
        {
            target.Categories.Clear();
            target.Categories.AddRange(categories);
        }

        ApplyOnlineMeeting(owner, target, changes);
    }

    private static void ApplyOnlineMeeting(MicrosoftAccount owner, OutlookEvent target, EventChanges changes)
    {
        bool wanted = changes.IsOnlineMeeting ?? target.IsOnlineMeeting;
        string provider = changes.OnlineMeetingProvider is { } asked && asked != GraphEnums.Unknown
            ? asked
            : (target.IsOnlineMeeting ? target.OnlineMeetingProvider : owner.DefaultOnlineMeetingProvider);
        if (!wanted || !owner.AllowedOnlineMeetingProviders.Contains(provider))
        {
            target.IsOnlineMeeting = false;
            target.OnlineMeetingProvider = GraphEnums.Unknown;
            target.JoinUrl = null;
            return;
        }

        if (target.IsOnlineMeeting && target.OnlineMeetingProvider == provider && target.JoinUrl is not null)
        {
            return; // the meeting keeps its link through edits
        }

        target.IsOnlineMeeting = true;
        target.OnlineMeetingProvider = provider;
        target.JoinUrl = provider == GraphEnums.TeamsForBusiness
            ? $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{SecureRandomText.Token(36)}%40thread.v2/0?context=%7b%22Tid%22%3a%22{owner.TenantId}%22%2c%22Oid%22%3a%22{owner.Id}%22%7d"
            : $"https://join.skype.com/{SecureRandomText.Letters(12)}";
    }

    private void Touch(OutlookEvent target, string changeType)
    {
        target.Version = ++_version;
        target.LastModifiedAt = time.GetUtcNow();
        target.ChangeKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(20));
        changed?.Invoke(target.OwnerId, target, changeType);
    }
}

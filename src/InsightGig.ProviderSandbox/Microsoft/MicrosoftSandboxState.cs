using InsightGig.ProviderSandbox.Microsoft365;

namespace InsightGig.ProviderSandbox;

/// <summary>Microsoft's inspection and test API on the sandbox's state.</summary>
public sealed partial class ProviderSandboxState
{
    internal MicrosoftSandbox Microsoft => Emulated<MicrosoftSandbox>(SandboxProvider.Microsoft);

    /// <summary>Microsoft accounts (known accounts and everyone who signed in).</summary>
    public IReadOnlyList<MicrosoftAccountInfo> GetMicrosoftAccounts() => [.. Microsoft.Accounts.All().Select(account => account.Describe())];

    /// <summary>Outlook events of one organizer (removed ones included), or of everyone.</summary>
    public IReadOnlyList<OutlookEventInfo> GetOutlookEvents(string? organizerEmail = null) =>
        organizerEmail is null
            ? Microsoft.Calendars.Describe()
            : Microsoft.Accounts.FindByEmail(organizerEmail) is { } account ? Microsoft.Calendars.Describe(account.Id) : [];

    /// <summary>Graph subscriptions (removed and expired ones included) with the notifications each sent.</summary>
    public IReadOnlyList<GraphSubscriptionInfo> GetGraphSubscriptions() => Microsoft.Subscriptions.Describe();

    /// <summary>Completes when the Graph notifications sent so far have been delivered (or failed).</summary>
    public Task GraphNotificationsDeliveredAsync() => Microsoft.Subscriptions.DeliveredAsync();

    /// <summary>Makes every <c>calendarView/delta</c> link unusable (410 <c>SyncStateNotFound</c>); answers how many delta tokens there were.</summary>
    public int ExpireDeltaTokens() => Microsoft.Deltas.ExpireAll();

    /// <summary>
    /// Revokes every grant of a Microsoft account (as when the person removes the app's consent or resets their password): refreshes
    /// answer <c>invalid_grant</c> AADSTS50173 and Graph refuses the access tokens. Answers how many grants were live.
    /// </summary>
    public int RevokeMicrosoftGrants(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Microsoft.Tokens.RevokeAllOf(email);
    }

    /// <summary>The organizer moves an event in Outlook: new times; delta and subscriptions see an update.</summary>
    /// <exception cref="InvalidOperationException">No such account or live event, or the end is before the start.</exception>
    public OutlookEventInfo MoveOutlookEvent(string organizerEmail, string eventId, DateTimeOffset start, DateTimeOffset end)
    {
        MicrosoftAccount owner = RequireMicrosoftAccount(organizerEmail);
        OutlookEvent moved = Microsoft.Calendars.Move(owner.Id, eventId, start, end)
            ?? throw new InvalidOperationException($"{organizerEmail} has no live event {eventId}, or the end is before the start.");
        return Microsoft.Calendars.Describe(owner.Id).First(e => e.Id == moved.Id);
    }

    /// <summary>The organizer deletes an event in Outlook (attendees are sent a cancellation); delta answers it <c>@removed</c>.</summary>
    /// <exception cref="InvalidOperationException">No such account or live event.</exception>
    public OutlookEventInfo DeleteOutlookEvent(string organizerEmail, string eventId)
    {
        MicrosoftAccount owner = RequireMicrosoftAccount(organizerEmail);
        if (!Microsoft.Calendars.Remove(owner.Id, eventId, comment: null))
        {
            throw new InvalidOperationException($"{organizerEmail} has no live event {eventId}.");
        }

        return Microsoft.Calendars.Describe(owner.Id).First(e => e.Id == eventId);
    }

    /// <summary>An attendee answers an invitation in Outlook: <c>accepted</c>, <c>tentativelyAccepted</c> or <c>declined</c>.</summary>
    /// <exception cref="InvalidOperationException">No such live event or attendee, or an unknown answer.</exception>
    public OutlookEventInfo RespondToOutlookEvent(string eventId, string attendeeEmail, string response)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(attendeeEmail);
        ArgumentNullException.ThrowIfNull(response);
        (OutlookEvent? answered, string? problem) = Microsoft.Calendars.Respond(eventId, attendeeEmail, response);
        return answered is null
            ? throw new InvalidOperationException(problem)
            : Microsoft.Calendars.Describe(answered.OwnerId).First(e => e.Id == eventId);
    }

    private MicrosoftAccount RequireMicrosoftAccount(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Microsoft.Accounts.FindByEmail(email) ?? throw new InvalidOperationException($"There is no Microsoft account {email}.");
    }
}

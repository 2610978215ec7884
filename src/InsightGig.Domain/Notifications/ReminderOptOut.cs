namespace InsightGig.Domain.Notifications;

/// <summary>A person turned off the reminder sent <see cref="OffsetMinutes"/> before their meetings (Profile page).</summary>
public sealed class ReminderOptOut
{
    private ReminderOptOut()
    {
    }

    public ReminderOptOut(Guid personId, int offsetMinutes)
    {
        if (personId == Guid.Empty)
        {
            throw new ArgumentException("A person is needed.", nameof(personId));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(offsetMinutes);
        PersonId = personId;
        OffsetMinutes = offsetMinutes;
    }

    public Guid PersonId { get; private set; }

    public int OffsetMinutes { get; private set; }
}

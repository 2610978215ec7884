using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>
/// Someone who uses InsightGig: a client user, an expert or staff. Shares its id with the sign-in account.
/// </summary>
public sealed class Person : Entity
{
    private Person()
    {
    }

    public Person(Guid id, PersonKind kind, string fullName, string email, string timeZoneId, Guid? organisationId) : base(id)
    {
        if (kind == PersonKind.Client && organisationId is null)
        {
            throw new ArgumentException("A client user belongs to an organisation.", nameof(organisationId));
        }

        Kind = kind;
        FullName = Guard.NotBlank(fullName, 200, nameof(fullName));
        Email = Guard.Email(email, nameof(email));
        TimeZoneId = Guard.TimeZone(timeZoneId, nameof(timeZoneId));
        OrganisationId = organisationId;
    }

    public PersonKind Kind { get; private set; }

    public string FullName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    /// <summary>IANA zone in which this person enters and reads times.</summary>
    public string TimeZoneId { get; private set; } = "UTC";

    public Guid? OrganisationId { get; private set; }

    /// <summary>When this person works, on their own wall clock; "Find a time" suggests only these hours unless asked otherwise.</summary>
    public WorkingHours WorkingHours { get; private set; } = WorkingHours.Default;

    /// <summary>
    /// The person turned off the emails about answers on Profile: to an organizer, a participant declined or proposed another
    /// time; to a participant, the organizer took or dismissed their proposal. Off only when they said so (on by default).
    /// </summary>
    public bool AnswerEmailsOff { get; private set; }

    public void ChooseAnswerEmails(bool on) => AnswerEmailsOff = !on;

    public void ChangeTimeZone(string timeZoneId) => TimeZoneId = Guard.TimeZone(timeZoneId, nameof(timeZoneId));

    public void ChangeWorkingHours(WorkingHours workingHours) => WorkingHours = workingHours ?? throw new ArgumentNullException(nameof(workingHours));
}

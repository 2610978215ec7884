namespace InsightGig.Domain.Meetings;

/// <summary>A participant as they were when invited (email and name at that time); owned by <see cref="Meeting"/>.</summary>
public sealed class MeetingParticipant
{
    private MeetingParticipant()
    {
    }

    internal MeetingParticipant(Guid personId, string email, string fullName)
    {
        PersonId = personId;
        Email = email;
        FullName = fullName;
    }

    public Guid PersonId { get; private set; }

    public string Email { get; private set; } = string.Empty;

    public string FullName { get; private set; } = string.Empty;

    /// <summary>Their current answer: the latest one, given in InsightGig or in a calendar.</summary>
    public ResponseStatus Response { get; private set; }

    /// <summary>Where <see cref="Response"/> was given.</summary>
    public ResponseSource ResponseSource { get; private set; }

    /// <summary>With <see cref="ResponseSource.Calendar"/>: that calendar's name as people know it ("Google Calendar").</summary>
    public string? ResponseSourceName { get; private set; }

    public DateTimeOffset? RespondedAtUtc { get; private set; }

    /// <summary>
    /// The answer the organizer's calendar reported last. The calendar gives no time for an answer, so only a report that
    /// differs from this one is a new answer given there; the same report again (with any other change of the event) is not,
    /// and cannot undo a newer answer given in InsightGig.
    /// </summary>
    public ResponseStatus CalendarReportedResponse { get; private set; }

    /// <summary>Raised by every answer given in InsightGig: the one the participant's own calendar should carry.</summary>
    public int AnswerVersion { get; private set; }

    /// <summary>The <see cref="AnswerVersion"/> written to (or found nothing to write in) the participant's own calendar.</summary>
    public int AnswerWrittenVersion { get; private set; }

    /// <summary>An answer given in InsightGig still to be written to the participant's own calendar.</summary>
    public bool AnswerToWrite => AnswerWrittenVersion < AnswerVersion;

    /// <summary>An answer given in InsightGig; false when it is already their answer from there (a double submit).</summary>
    internal bool AnswerInInsightGig(ResponseStatus response, DateTimeOffset nowUtc)
    {
        if (Response == response && ResponseSource == ResponseSource.InsightGig)
        {
            return false;
        }

        Response = response;
        ResponseSource = ResponseSource.InsightGig;
        ResponseSourceName = null;
        RespondedAtUtc = nowUtc;
        AnswerVersion++;
        return true;
    }

    /// <summary>The organizer's calendar reports <paramref name="response"/>; answers whether the current answer changed.</summary>
    internal bool ReportedByCalendar(ResponseStatus response, DateTimeOffset nowUtc, string calendarName)
    {
        if (CalendarReportedResponse == response)
        {
            return false;
        }

        CalendarReportedResponse = response;
        if (Response == response)
        {
            // The calendar caught up with the answer already shown (often our own write to the participant's calendar).
            return false;
        }

        Response = response;
        ResponseSource = ResponseSource.Calendar;
        ResponseSourceName = calendarName;
        RespondedAtUtc = nowUtc;
        return true;
    }

    /// <summary>The participant's calendar carries answer <paramref name="answerVersion"/> (or cannot carry any).</summary>
    internal void AnswerWritten(int answerVersion) => AnswerWrittenVersion = Math.Max(AnswerWrittenVersion, Math.Min(answerVersion, AnswerVersion));
}

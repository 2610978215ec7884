using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Meetings;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Writes answers given in InsightGig to each participant's own connected calendar (their copy of the invitation), as part
/// of converging the meeting: after the answer is committed, retried with the meeting's other provider work. A participant
/// without a calendar connection, whose calendar refuses for good or holds no copy, keeps the answer in InsightGig only.
/// </summary>
internal sealed partial class AnswerWriter(
    IApplicationDbContext db,
    ProviderCatalog catalog,
    IEnumerable<ICalendarProvider> calendars,
    ILogger<AnswerWriter> logger)
{
    /// <summary>Null when every pending answer is written (or cannot be); a retry otherwise. The caller saves the meeting.</summary>
    public async Task<ConvergeOutcome?> WriteAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        ConvergeOutcome? retry = null;
        foreach (var participant in meeting.Participants.Where(p => p.AnswerToWrite).ToList())
        {
            var version = participant.AnswerVersion;
            var connection = await InviteCalendars.LoadAsync(db, catalog, participant.PersonId, cancellationToken);
            if (connection is null || meeting.CalendarEventUid is not { } iCalUid || participant.Response == ResponseStatus.Awaiting)
            {
                meeting.AnswerWritten(participant.PersonId, version);
                continue;
            }

            var calendar = InviteCalendars.AdapterFor(calendars, connection);
            var written = await calendar.RespondAsAttendeeAsync(participant.PersonId, iCalUid, participant.Response, cancellationToken);
            if (written.IsSuccess)
            {
                meeting.AnswerWritten(participant.PersonId, version);
                continue;
            }

            var failure = written.Failure!;
            if (failure.Kind is ProviderFailureKind.Transient or ProviderFailureKind.QuotaExhausted)
            {
                LogRetry(meeting.Id, calendar.DisplayName, failure.Kind);
                retry ??= new ConvergeOutcome(ConvergeState.RetryLater, failure.RetryAfter,
                    $"Waiting for {calendar.DisplayName} to take a participant's answer; it is sent automatically.");
                continue;
            }

            // Not connected any more, no copy there, or refused: the answer stands in InsightGig, where the organizer sees it.
            LogGaveUp(meeting.Id, calendar.DisplayName, failure.Kind);
            meeting.AnswerWritten(participant.PersonId, version);
        }

        return retry;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {MeetingId}: {Calendar} did not take a participant's answer yet ({Kind}); retrying")]
    private partial void LogRetry(Guid meetingId, string calendar, ProviderFailureKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {MeetingId}: a participant's answer stays in InsightGig only; {Calendar} answered {Kind}")]
    private partial void LogGaveUp(Guid meetingId, string calendar, ProviderFailureKind kind);
}

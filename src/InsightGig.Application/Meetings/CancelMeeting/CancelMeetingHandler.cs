using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.CancelMeeting;

internal sealed class CancelMeetingHandler(ICurrentUser currentUser, MeetingChangeRunner runner, TimeProvider clock)
    : ICommandHandler<CancelMeetingCommand, Result<MeetingChanged>>
{
    public async ValueTask<Result<MeetingChanged>> Handle(CancelMeetingCommand command, CancellationToken cancellationToken) =>
        await runner.RunAsync(command.MeetingId, command.ExpectedVersion,
            alreadyApplied: m => m.Status == MeetingStatus.Cancelled,
            apply: m => m.Cancel(command.Note, currentUser.PersonId, ChangeSource.InsightGig, clock.GetUtcNow()),
            cancellationToken);
}

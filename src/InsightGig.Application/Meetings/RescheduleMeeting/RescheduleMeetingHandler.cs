using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.RescheduleMeeting;

internal sealed class RescheduleMeetingHandler(IApplicationDbContext db, ICurrentUser currentUser, MeetingChangeRunner runner, TimeProvider clock)
    : ICommandHandler<RescheduleMeetingCommand, Result<MeetingChanged>>
{
    public async ValueTask<Result<MeetingChanged>> Handle(RescheduleMeetingCommand command, CancellationToken cancellationToken)
    {
        var zone = await db.People.AsNoTracking().Where(p => p.Id == currentUser.PersonId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        if (zone is null)
        {
            return Error.NotFound("meeting");
        }

        var start = ZonedTime.ToUtc(command.Start!.Value, zone, nameof(command.Start), command.StartOffsetMinutes);
        var end = ZonedTime.ToUtc(command.End!.Value, zone, nameof(command.End), command.EndOffsetMinutes);
        if (start.IsFailure || end.IsFailure)
        {
            return Result<MeetingChanged>.Failure([.. start.Errors, .. end.Errors]);
        }

        return await runner.RunAsync(command.MeetingId, command.ExpectedVersion,
            alreadyApplied: m => m.StartUtc == start.Value && m.EndUtc == end.Value,
            apply: m => m.Reschedule(start.Value, end.Value, currentUser.PersonId!.Value, clock.GetUtcNow()),
            cancellationToken);
    }
}

using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Notifications.Kinds;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// The background retries for a meeting ran out and it is still not in step: the organizer is told ("Your meeting could not
/// be updated"), once per version. The periodic sweep still picks the meeting up later.
/// </summary>
public sealed record GiveUpConvergingCommand(Guid MeetingId) : ICommand<bool>;

internal sealed class GiveUpConvergingHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<GiveUpConvergingCommand, bool>
{
    public async ValueTask<bool> Handle(GiveUpConvergingCommand command, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == command.MeetingId, cancellationToken);
        if (meeting is not { IsConverging: true } || !await MeetingNotUpdated.AddAsync(db, meeting, clock.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another worker told them first (the notice's key is unique)
        }
    }
}

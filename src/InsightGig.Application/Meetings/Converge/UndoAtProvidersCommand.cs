using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Gives back, at their providers, what failed set-ups could not undo at the time (<see cref="ProviderUndo"/>): at most
/// <paramref name="Max"/> of those due, earliest first (sent by the periodic background job). One still not given back
/// after <paramref name="GiveUpAfter"/> is dropped with an error in the log naming it, for an operator to remove by hand.
/// </summary>
public sealed record UndoAtProvidersCommand(TimeSpan GiveUpAfter, int Max = 100) : ICommand<UndoAtProvidersOutcome>;

/// <summary>How many were given back, are waiting for another try, and were given up.</summary>
public sealed record UndoAtProvidersOutcome(int Undone, int Waiting, int GivenUp);

internal sealed partial class UndoAtProvidersHandler(IApplicationDbContext db, ProviderUndoRunner runner, TimeProvider clock, ILogger<UndoAtProvidersHandler> logger)
    : ICommandHandler<UndoAtProvidersCommand, UndoAtProvidersOutcome>
{
    public async ValueTask<UndoAtProvidersOutcome> Handle(UndoAtProvidersCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.ProviderUndos.Where(u => u.NextAttemptAtUtc <= now).OrderBy(u => u.NextAttemptAtUtc).Take(command.Max).ToListAsync(cancellationToken);
        int undone = 0, waiting = 0, givenUp = 0;
        foreach (var undo in due)
        {
            if (undo.OutlivedItsTries(command.GiveUpAfter, clock.GetUtcNow()))
            {
                LogGivenUp(undo.MeetingId, undo.Kind, undo.Provider, undo.ItemId ?? "(never named: made for the meeting)", undo.OrganizerId, undo.Attempts, undo.LastProblem);
                db.ProviderUndos.Remove(undo);
                await SaveIgnoringRaceAsync(undo);
                givenUp++;
            }
            else if (await runner.RunAsync(undo, cancellationToken))
            {
                undone++;
            }
            else
            {
                waiting++;
            }
        }

        return new UndoAtProvidersOutcome(undone, waiting, givenUp);
    }

    private async Task SaveIgnoringRaceAsync(ProviderUndo undo)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException) when (db is DbContext context)
        {
            context.Entry(undo).State = EntityState.Detached; // another worker removed it first
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Meeting {MeetingId}: gave up giving back its {Kind} at {Provider} (id {ItemId}, account of person {OrganizerId}) after {Attempts} tries; it may still be there and must be removed by hand. Last problem: {LastProblem}")]
    private partial void LogGivenUp(Guid meetingId, ProviderUndoKind kind, string provider, string itemId, Guid organizerId, int attempts, string? lastProblem);
}

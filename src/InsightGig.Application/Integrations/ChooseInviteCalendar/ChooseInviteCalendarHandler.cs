using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.ChooseInviteCalendar;

internal sealed class ChooseInviteCalendarHandler(IApplicationDbContext db, ICurrentUser currentUser, ProviderCatalog catalog)
    : ICommandHandler<ChooseInviteCalendarCommand, Result>
{
    public async ValueTask<Result> Handle(ChooseInviteCalendarCommand command, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("person");
        }

        if (!catalog.OffersCalendar(command.Provider))
        {
            return Error.Validation("calendar.not_a_calendar", "That is not a calendar InsightGig can send invites from.", nameof(command.Provider));
        }

        var connections = await db.ProviderConnections.Where(c => c.PersonId == personId).ToListAsync(cancellationToken);
        var chosen = connections.FirstOrDefault(c => c.Provider == command.Provider);
        if (chosen is not { Status: ConnectionStatus.Active })
        {
            return Error.Validation("calendar.not_connected",
                $"Connect {catalog.Describe(command.Provider).ServiceName} first; then it can receive your invites.", nameof(command.Provider));
        }

        foreach (var other in connections.Where(c => c.ReceivesInvites && c.Id != chosen.Id))
        {
            other.NoLongerForInvites();
        }

        chosen.ChooseForInvites();
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

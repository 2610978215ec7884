using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.ChooseAnswerEmails;

/// <summary>Keeps the person's choice; an answer email not sent yet follows it too (it is checked when the email goes).</summary>
internal sealed class ChooseAnswerEmailsHandler(IApplicationDbContext db, ICurrentUser currentUser) : ICommandHandler<ChooseAnswerEmailsCommand, Result>
{
    public async ValueTask<Result> Handle(ChooseAnswerEmailsCommand command, CancellationToken cancellationToken)
    {
        var person = currentUser.PersonId is { } personId ? await db.People.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken) : null;
        if (person is null)
        {
            return Error.NotFound("person");
        }

        person.ChooseAnswerEmails(command.On);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

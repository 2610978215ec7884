using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.GetAnswerEmails;

/// <summary>Whether the signed-in person gets the emails about answers (on unless they turned them off on Profile).</summary>
public sealed record GetAnswerEmailsQuery : IQuery<Result<bool>>;

internal sealed class GetAnswerEmailsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<GetAnswerEmailsQuery, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(GetAnswerEmailsQuery query, CancellationToken cancellationToken)
    {
        var off = currentUser.PersonId is { } personId
            ? await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => (bool?)p.AnswerEmailsOff).FirstOrDefaultAsync(cancellationToken)
            : null;
        return off is { } turnedOff ? Result<bool>.Success(!turnedOff) : Error.NotFound("person");
    }
}

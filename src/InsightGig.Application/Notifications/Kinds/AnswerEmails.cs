using InsightGig.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// The Profile choice that stops the emails about answers (<see cref="ParticipantAnswered"/>, <see cref="ProposalDecided"/>).
/// Read when such an email is about to go, so one written before the person turned them off is not sent either.
/// </summary>
internal static class AnswerEmails
{
    public const string TurnedOffReason = "The recipient turned off emails about answers on Profile.";

    public static Task<bool> TurnedOffByAsync(IApplicationDbContext db, Guid personId, CancellationToken cancellationToken) =>
        db.People.AsNoTracking().AnyAsync(p => p.Id == personId && p.AnswerEmailsOff, cancellationToken);
}

using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.AcceptProposal;

internal sealed class AcceptProposalHandler(IApplicationDbContext db, ICurrentUser currentUser, MeetingChangeRunner runner, TimeProvider clock)
    : ICommandHandler<AcceptProposalCommand, Result<MeetingChanged>>
{
    public async ValueTask<Result<MeetingChanged>> Handle(AcceptProposalCommand command, CancellationToken cancellationToken) =>
        await runner.RunAsync(command.MeetingId, command.ExpectedVersion,
            alreadyApplied: m => m.Proposals.Any(p => p.Id == command.ProposalId && p.Status == ProposalStatus.Accepted),
            apply: m =>
            {
                // The proposer hears once: only the change from open to decided adds the email.
                var wasOpen = m.Proposals.Any(p => p.Id == command.ProposalId && p.IsOpen);
                var accepted = m.AcceptProposal(command.ProposalId, currentUser.PersonId!.Value, clock.GetUtcNow());
                if (accepted.IsSuccess && wasOpen)
                {
                    ProposalDecided.Add(db, m.Proposals.First(p => p.Id == command.ProposalId), clock.GetUtcNow());
                }

                return accepted;
            },
            cancellationToken);
}

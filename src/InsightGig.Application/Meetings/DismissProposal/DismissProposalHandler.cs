using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.DismissProposal;

internal sealed class DismissProposalHandler(IApplicationDbContext db, MeetingChangeRunner runner, TimeProvider clock)
    : ICommandHandler<DismissProposalCommand, Result<MeetingChanged>>
{
    public async ValueTask<Result<MeetingChanged>> Handle(DismissProposalCommand command, CancellationToken cancellationToken) =>
        await runner.RunAsync(command.MeetingId, command.ExpectedVersion,
            alreadyApplied: m => m.Proposals.Any(p => p.Id == command.ProposalId && p.Status == ProposalStatus.Dismissed),
            apply: m =>
            {
                // The proposer hears once: only the change from open to decided adds the email.
                var wasOpen = m.Proposals.Any(p => p.Id == command.ProposalId && p.IsOpen);
                var dismissed = m.DismissProposal(command.ProposalId, clock.GetUtcNow());
                if (dismissed.IsSuccess && wasOpen)
                {
                    ProposalDecided.Add(db, m.Proposals.First(p => p.Id == command.ProposalId), clock.GetUtcNow());
                }

                return dismissed;
            },
            cancellationToken);
}

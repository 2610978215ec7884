using Mediator;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>Brings one meeting's providers in step with it (sent by the background sync job).</summary>
public sealed record ConvergeMeetingCommand(Guid MeetingId) : ICommand<ConvergeOutcome>;

internal sealed class ConvergeMeetingHandler(MeetingConverger converger) : ICommandHandler<ConvergeMeetingCommand, ConvergeOutcome>
{
    public async ValueTask<ConvergeOutcome> Handle(ConvergeMeetingCommand command, CancellationToken cancellationToken) =>
        await converger.ConvergeAsync(command.MeetingId, cancellationToken);
}

using Mediator;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Brings one meeting's providers in step with it (sent by the background sync job). With
/// <paramref name="TakeOverSetUpStartedBefore"/>, a meeting still being set up by an attempt that started before then is
/// taken over: completed, or undone and marked failed.
/// </summary>
public sealed record ConvergeMeetingCommand(Guid MeetingId, DateTimeOffset? TakeOverSetUpStartedBefore = null) : ICommand<ConvergeOutcome>;

internal sealed class ConvergeMeetingHandler(MeetingConverger converger) : ICommandHandler<ConvergeMeetingCommand, ConvergeOutcome>
{
    public async ValueTask<ConvergeOutcome> Handle(ConvergeMeetingCommand command, CancellationToken cancellationToken) =>
        await converger.ConvergeAsync(command.MeetingId, cancellationToken, command.TakeOverSetUpStartedBefore);
}

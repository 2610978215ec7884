using Mediator;

namespace InsightGig.Application.Notifications.PlanReminders;

/// <summary>
/// Writes the reminders that come due within the planning horizon and have no row yet, least-due first, at most
/// <paramref name="Take"/> meetings' worth (run by the send loop before each send pass).
/// </summary>
/// <param name="DueAfterUtc">
/// Reminders due at or before this were planned by an earlier pass (its <see cref="PlanRemindersOutcome.PlannedAtUtc"/>);
/// null looks back over every meeting not yet started (the first pass of a process: nothing is lost to a restart).
/// </param>
public sealed record PlanRemindersCommand(DateTimeOffset? DueAfterUtc = null, int Take = PlanRemindersCommand.DefaultTake) : ICommand<PlanRemindersOutcome>
{
    public const int DefaultTake = 200;
}

/// <param name="Meetings">Meetings found with a reminder to write.</param>
/// <param name="Added">Rows written by this pass (those another instance wrote first are not counted).</param>
/// <param name="Complete">
/// Every reminder due in the window is written: false when the page was full (more may be waiting) or a meeting's rows
/// could not be saved, and then the next pass must start from the same point.
/// </param>
/// <param name="PlannedAtUtc">The pass's clock: when complete, every reminder due up to this plus the horizon is written.</param>
public sealed record PlanRemindersOutcome(int Meetings, int Added, bool Complete, DateTimeOffset PlannedAtUtc);

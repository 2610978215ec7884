using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.ChooseInviteCalendar;

/// <summary>
/// The signed-in person chooses which of their connected calendars receives their invites and is read back for changes
/// (Connected apps). Meetings already scheduled stay in the calendar that holds their event.
/// </summary>
public sealed record ChooseInviteCalendarCommand(string Provider) : ICommand<Result>;

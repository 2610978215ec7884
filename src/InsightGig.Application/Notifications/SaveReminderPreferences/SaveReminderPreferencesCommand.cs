using Mediator;
using InsightGig.Domain.Common;

namespace InsightGig.Application.Notifications.SaveReminderPreferences;

/// <summary>The reminders the signed-in person wants (offsets in minutes); every other configured reminder is turned off.</summary>
public sealed record SaveReminderPreferencesCommand(IReadOnlyList<int> RemindersOn) : ICommand<Result>;

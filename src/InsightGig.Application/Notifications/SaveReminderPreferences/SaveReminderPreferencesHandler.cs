using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.SaveReminderPreferences;

/// <summary>Keeps one opt-out per configured reminder the person turned off; reminders already queued check it when they go.</summary>
internal sealed class SaveReminderPreferencesHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<NotificationOptions> options)
    : ICommandHandler<SaveReminderPreferencesCommand, Result>
{
    public async ValueTask<Result> Handle(SaveReminderPreferencesCommand command, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("person");
        }

        var existing = await db.ReminderOptOuts.Where(o => o.PersonId == personId).ToListAsync(cancellationToken);
        foreach (var minutes in options.Value.Offsets)
        {
            var optOut = existing.Find(o => o.OffsetMinutes == minutes);
            var wanted = command.RemindersOn.Contains(minutes);
            if (wanted && optOut is not null)
            {
                db.ReminderOptOuts.Remove(optOut);
            }
            else if (!wanted && optOut is null)
            {
                db.ReminderOptOuts.Add(new ReminderOptOut(personId, minutes));
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same form saved twice at once: the other save wrote what this one wanted.
        }

        return Result.Success();
    }
}

using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.GetReminderPreferences;

/// <summary>The signed-in person's reminder settings: one per configured offset, on unless they turned it off.</summary>
public sealed record GetReminderPreferencesQuery : IQuery<Result<IReadOnlyList<ReminderPreference>>>;

/// <param name="Label">"1 day before", "15 minutes before".</param>
public sealed record ReminderPreference(int OffsetMinutes, string Label, bool On)
{
    public static string LabelFor(int minutes) => minutes switch
    {
        _ when minutes % 1440 == 0 => minutes == 1440 ? "1 day before" : $"{minutes / 1440} days before",
        _ when minutes % 60 == 0 => minutes == 60 ? "1 hour before" : $"{minutes / 60} hours before",
        1 => "1 minute before",
        _ => $"{minutes} minutes before",
    };
}

internal sealed class GetReminderPreferencesHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<NotificationOptions> options)
    : IQueryHandler<GetReminderPreferencesQuery, Result<IReadOnlyList<ReminderPreference>>>
{
    public async ValueTask<Result<IReadOnlyList<ReminderPreference>>> Handle(GetReminderPreferencesQuery query, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("person");
        }

        var off = await db.ReminderOptOuts.AsNoTracking().Where(o => o.PersonId == personId).Select(o => o.OffsetMinutes).ToListAsync(cancellationToken);
        return options.Value.Offsets.Select(minutes => new ReminderPreference(minutes, ReminderPreference.LabelFor(minutes), !off.Contains(minutes))).ToList();
    }
}

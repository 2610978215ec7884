using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Directory.SaveWorkingTime;

internal sealed class SaveWorkingTimeHandler(IApplicationDbContext db, ICurrentUser currentUser) : ICommandHandler<SaveWorkingTimeCommand, Result<SavedWorkingTime>>
{
    public async ValueTask<Result<SavedWorkingTime>> Handle(SaveWorkingTimeCommand command, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == currentUser.PersonId, cancellationToken);
        if (person is null)
        {
            return Error.NotFound("person");
        }

        var hours = WorkingHours.Create([.. command.Days.Where(d => d.Works).Select(d => new WorkingDay(d.Day, d.Start!.Value, d.End!.Value))]);
        if (hours.IsFailure)
        {
            return Result<SavedWorkingTime>.Failure(hours.Errors);
        }

        var zoneChanged = person.TimeZoneId != command.TimeZoneId;
        person.ChangeTimeZone(command.TimeZoneId!);
        person.ChangeWorkingHours(hours.Value);
        // Last write wins: both values are the person's own settings, and a second tab saving is the person changing their mind.
        await db.SaveChangesAsync(cancellationToken);
        return new SavedWorkingTime(person.TimeZoneId, zoneChanged);
    }
}

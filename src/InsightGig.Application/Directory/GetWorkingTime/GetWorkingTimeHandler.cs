using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Directory.GetWorkingTime;

internal sealed class GetWorkingTimeHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<GetWorkingTimeQuery, Result<WorkingTime>>
{
    public async ValueTask<Result<WorkingTime>> Handle(GetWorkingTimeQuery query, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == currentUser.PersonId)
            .Select(p => new { p.TimeZoneId, p.WorkingHours })
            .FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return Error.NotFound("person");
        }

        var days = TimeZoneChoices.Week.Select(day => person.WorkingHours.On(day) is { } hours
            ? new WorkdayHours(day, true, hours.Start, hours.End)
            : new WorkdayHours(day, false, null, null)).ToList();
        return new WorkingTime(person.TimeZoneId, days, TimeZoneChoices.All);
    }
}

using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Directory.GetExpertProfile;

internal sealed class GetExpertProfileHandler(IApplicationDbContext db) : IQueryHandler<GetExpertProfileQuery, Result<ExpertProfile>>
{
    public async ValueTask<Result<ExpertProfile>> Handle(GetExpertProfileQuery query, CancellationToken cancellationToken)
    {
        var profile = await (
                from expert in db.Experts.AsNoTracking()
                join person in db.People.AsNoTracking() on expert.Id equals person.Id
                where expert.Id == query.ExpertId
                select new ExpertProfile(expert.Id, person.FullName, expert.Headline, expert.Bio, expert.Expertise, expert.YearsOfExperience, expert.Location, person.TimeZoneId))
            .FirstOrDefaultAsync(cancellationToken);
        return profile is null ? Error.NotFound("expert") : profile;
    }
}

using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetSchedulingOptions;

internal sealed class GetSchedulingOptionsHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IEnumerable<MeetingPlatform> platforms,
    MeetingContextResolver contexts) : IQueryHandler<GetSchedulingOptionsQuery, Result<SchedulingOptions>>
{
    public async ValueTask<Result<SchedulingOptions>> Handle(GetSchedulingOptionsQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("person");
        }

        var context = await contexts.ResolveAsync(viewer, query.ContextKind, query.ContextId, cancellationToken);
        if (context.IsFailure)
        {
            return Result<SchedulingOptions>.Failure(context.Errors);
        }

        var timeZone = await db.People.AsNoTracking().Where(p => p.Id == viewer.PersonId).Select(p => p.TimeZoneId).FirstAsync(cancellationToken);
        var connections = await db.ProviderConnections.AsNoTracking()
            .Where(c => c.PersonId == viewer.PersonId)
            .Select(c => new { c.Provider, c.Status, c.AccountEmail })
            .ToListAsync(cancellationToken);

        var options = platforms.Select(platform => new PlatformOption(platform.Key, platform.DisplayName,
            [.. platform.RequiredConnections.Select(provider =>
            {
                var connection = connections.FirstOrDefault(c => c.Provider == provider);
                return new RequiredConnection(provider, ProviderNames.Describe(provider),
                    connection?.Status == ConnectionStatus.Active,
                    connection?.Status == ConnectionStatus.ReconnectNeeded,
                    connection?.Status == ConnectionStatus.Active ? connection.AccountEmail : null);
            })])).ToList();
        return new SchedulingOptions(context.Value, timeZone, options);
    }
}

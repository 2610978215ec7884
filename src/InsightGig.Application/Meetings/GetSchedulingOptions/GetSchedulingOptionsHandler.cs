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

        if (await SchedulerProfile.LoadAsync(db, viewer.PersonId, meetingId: null, cancellationToken) is not { } scheduler)
        {
            return Error.NotFound("person");
        }

        var options = platforms.Select(platform => new PlatformOption(platform.Key, platform.DisplayName,
            [.. platform.RequiredConnections.Select(provider =>
            {
                var connection = scheduler.ConnectionTo(provider);
                return new RequiredConnection(provider, ProviderNames.Describe(provider),
                    connection?.IsActive == true,
                    connection?.Status == ConnectionStatus.ReconnectNeeded,
                    connection?.IsActive == true ? connection.AccountEmail : null);
            })])).ToList();
        return new SchedulingOptions(context.Value, scheduler.TimeZoneId, options);
    }
}

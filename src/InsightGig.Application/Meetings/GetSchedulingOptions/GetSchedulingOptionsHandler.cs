using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetSchedulingOptions;

internal sealed class GetSchedulingOptionsHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    ProviderCatalog catalog,
    MeetingContextResolver contexts) : IQueryHandler<GetSchedulingOptionsQuery, Result<SchedulingOptions>>
{
    public async ValueTask<Result<SchedulingOptions>> Handle(GetSchedulingOptionsQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("person");
        }

        if (await SchedulerProfile.LoadAsync(db, viewer.PersonId, meetingId: null, cancellationToken) is not { } scheduler)
        {
            return Error.NotFound("person");
        }

        if (scheduler.IsExpert)
        {
            return WhoSchedules.ExpertRefused;
        }

        var context = await contexts.ResolveAsync(viewer, query.ContextKind, query.ContextId, cancellationToken);
        if (context.IsFailure)
        {
            return Result<SchedulingOptions>.Failure(context.Errors);
        }

        var options = catalog.Platforms.Select(platform =>
        {
            var needs = PlatformRequirements.For(platform, scheduler, catalog);
            return new PlatformOption(platform.Key, platform.DisplayName, platform.Icon,
                [.. needs.Steps.Select(s => s.Provider.Notice).OfType<ProviderNotice>().Distinct()],
                [.. needs.Steps.Select(step =>
                {
                    var reconnect = step.Connection?.Status == ConnectionStatus.ReconnectNeeded;
                    return new RequiredConnection(step.Provider.Key, step.Provider.ServiceName, step.Ready, reconnect,
                        step.Ready ? step.Connection!.AccountEmail : null,
                        reconnect ? step.Provider.ReconnectStepLabel : step.Provider.ConnectStepLabel);
                })],
                needs.Ready);
        }).ToList();
        return new SchedulingOptions(context.Value, scheduler.TimeZoneId, options);
    }
}

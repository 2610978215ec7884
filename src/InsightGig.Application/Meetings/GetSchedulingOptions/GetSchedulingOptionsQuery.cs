using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetSchedulingOptions;

/// <summary>What the "Schedule a meeting" dialog shows for a context: the platforms, whether the user's accounts are ready for each, and who can be invited.</summary>
public sealed record GetSchedulingOptionsQuery(MeetingContextKind ContextKind, Guid ContextId) : IQuery<Result<SchedulingOptions>>;

public sealed record SchedulingOptions(MeetingContext Context, string OrganizerTimeZoneId, IReadOnlyList<PlatformOption> Platforms);

/// <param name="Connections">Each account the platform needs, in linking order, with whether it is ready.</param>
public sealed record PlatformOption(string Key, string DisplayName, IReadOnlyList<RequiredConnection> Connections)
{
    public bool Ready => Connections.All(c => c.Ready);

    /// <summary>The next account to link, or null when all are ready.</summary>
    public RequiredConnection? NextToConnect => Connections.FirstOrDefault(c => !c.Ready);
}

public sealed record RequiredConnection(string Provider, string DisplayName, bool Ready, bool ReconnectNeeded, string? AccountEmail);

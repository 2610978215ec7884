using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetSchedulingOptions;

/// <summary>What the "Schedule a meeting" dialog shows for a context: the platforms, whether the user's accounts are ready for each, and who can be invited.</summary>
public sealed record GetSchedulingOptionsQuery(MeetingContextKind ContextKind, Guid ContextId) : IQuery<Result<SchedulingOptions>>;

public sealed record SchedulingOptions(MeetingContext Context, string OrganizerTimeZoneId, IReadOnlyList<PlatformOption> Platforms)
{
    /// <summary>Whether "Hide guest list" starts ticked with these participants chosen (a 1:1: its fixed participant).</summary>
    public bool HidesGuestListByDefault(IReadOnlyCollection<Guid> chosen) =>
        GuestListDefault.Hidden(Context.ParticipantsFixed ? Context.Candidates : Context.Candidates.Where(c => chosen.Contains(c.PersonId)));

    /// <summary>Whether choosing this candidate ticks "Hide guest list" (while the organizer has not chosen it themselves).</summary>
    public static bool HidesGuestList(InviteCandidate candidate) => GuestListDefault.Hidden([candidate]);
}

/// <param name="Icon">The platform's icon path under the web root.</param>
/// <param name="Notices">Warnings of the providers it uses (for example what their account must be).</param>
/// <param name="Connections">Each account the platform needs, in linking order, with whether it is ready.</param>
/// <param name="Ready">Every account it needs is linked, so a meeting can be created now.</param>
public sealed record PlatformOption(string Key, string DisplayName, string Icon, IReadOnlyList<ProviderNotice> Notices, IReadOnlyList<RequiredConnection> Connections, bool Ready)
{
    /// <summary>The next account to link, or null when all are ready.</summary>
    public RequiredConnection? NextToConnect => Ready ? null : Connections.FirstOrDefault(c => !c.Ready);
}

/// <param name="ConnectLabel">The button that links (or relinks) it.</param>
public sealed record RequiredConnection(string Provider, string DisplayName, bool Ready, bool ReconnectNeeded, string? AccountEmail, string ConnectLabel);

using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Platforms;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>One account a platform needs, with the scheduler's connection to it if they have one.</summary>
/// <param name="IsCalendar">The step links the calendar that will hold the event.</param>
internal sealed record PlatformStep(ProviderDescriptor Provider, SchedulerConnection? Connection, bool IsCalendar)
{
    public bool Ready => Connection?.IsActive == true;
}

/// <summary>
/// What a platform needs from this scheduler, in linking order: the video account (if the platform has its own video
/// provider), then the calendar that will hold the event — the conference's own calendar, or the scheduler's invite
/// calendar. With no calendar connected yet any calendar will do, so each is offered.
/// </summary>
/// <param name="Calendar">The scheduler's connection that will hold the event, if they have it.</param>
internal sealed record PlatformRequirements(IReadOnlyList<PlatformStep> Steps, SchedulerConnection? Calendar)
{
    public bool Ready => Steps.Where(s => !s.IsCalendar).All(s => s.Ready) && Calendar?.IsActive == true;

    public static PlatformRequirements For(MeetingPlatform platform, SchedulerProfile scheduler, ProviderCatalog catalog)
    {
        var steps = new List<PlatformStep>();
        if (platform.VideoAccount is { } video)
        {
            steps.Add(new PlatformStep(catalog.Describe(video), scheduler.ConnectionTo(video), IsCalendar: false));
        }

        var calendar = platform.ConferenceCalendar is { } conferenceCalendar
            ? scheduler.ConnectionTo(conferenceCalendar)
            : scheduler.InviteCalendar(catalog);
        if (calendar is not null)
        {
            steps.Add(new PlatformStep(catalog.Describe(calendar.Provider), calendar, IsCalendar: true));
        }
        else if (platform.ConferenceCalendar is { } missingConferenceCalendar)
        {
            steps.Add(new PlatformStep(catalog.Describe(missingConferenceCalendar), null, IsCalendar: true));
        }
        else
        {
            steps.AddRange(catalog.Calendars.Select(c => new PlatformStep(c, null, IsCalendar: true)));
        }

        return new PlatformRequirements(steps, calendar);
    }

    /// <summary>What to connect first, in words: "A and B Calendar" (or "a calendar (B or C)" when any of several will do).</summary>
    public string MissingText()
    {
        var missing = Steps.Where(s => !s.IsCalendar && !s.Ready).Select(s => s.Provider.ServiceName).ToList();
        var calendars = Steps.Where(s => s.IsCalendar).Select(s => s.Provider.ServiceName).ToList();
        if (Calendar?.IsActive != true)
        {
            missing.Add(calendars.Count > 1 ? $"a calendar ({string.Join(" or ", calendars)})" : string.Join(string.Empty, calendars));
        }

        return string.Join(" and ", missing.Where(m => m.Length > 0));
    }
}

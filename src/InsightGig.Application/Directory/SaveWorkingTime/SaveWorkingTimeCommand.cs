using InsightGig.Application.Directory.GetWorkingTime;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Directory.SaveWorkingTime;

/// <summary>
/// Sets the signed-in person's time zone and working hours. The zone changes how times are shown to them and read from
/// their forms, never the meetings already made (those are instants).
/// </summary>
public sealed record SaveWorkingTimeCommand(string? TimeZoneId, IReadOnlyList<WorkdayHours> Days) : ICommand<Result<SavedWorkingTime>>;

/// <param name="TimeZoneChanged">The sign-in cookie carries the zone, so the page refreshes it when this is true.</param>
public sealed record SavedWorkingTime(string TimeZoneId, bool TimeZoneChanged);

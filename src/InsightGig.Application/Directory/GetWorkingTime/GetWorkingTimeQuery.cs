using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Directory.GetWorkingTime;

/// <summary>The signed-in person's time zone and weekly working hours, for the Profile page.</summary>
public sealed record GetWorkingTimeQuery : IQuery<Result<WorkingTime>>;

/// <param name="Days">Monday to Sunday, each with its hours (or the default 09:00–18:00 shown for a day off, to be ticked).</param>
/// <param name="TimeZones">The IANA zones one may choose, sorted.</param>
public sealed record WorkingTime(string TimeZoneId, IReadOnlyList<WorkdayHours> Days, IReadOnlyList<string> TimeZones);

/// <summary>One weekday on the form: whether the person works then, and from when to when on their wall clock.</summary>
public sealed record WorkdayHours(DayOfWeek Day, bool Works, TimeOnly? Start, TimeOnly? End);

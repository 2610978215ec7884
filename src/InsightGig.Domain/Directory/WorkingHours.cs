using System.Globalization;
using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>One weekday's working time, wall-clock in the person's zone: <see cref="Start"/> before <see cref="End"/>, the same day.</summary>
public sealed record WorkingDay(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>
/// A person's weekly working hours (at most one span per weekday), read in their own time zone. Stored as text such as
/// "Mon 09:00-18:00; Tue 09:00-18:00" (<see cref="ToString"/>, <see cref="Parse"/>), so every database keeps it in one column.
/// </summary>
public sealed class WorkingHours : IEquatable<WorkingHours>
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly WorkingDay?[] _days = new WorkingDay?[7];

    private WorkingHours(IEnumerable<WorkingDay> days)
    {
        foreach (var day in days)
        {
            _days[(int)day.Day] = day;
        }
    }

    /// <summary>09:00–18:00, Monday to Friday.</summary>
    public static WorkingHours Default { get; } = Weekdays(new TimeOnly(9, 0), new TimeOnly(18, 0));

    public IReadOnlyList<WorkingDay> Days => [.. _days.OfType<WorkingDay>()];

    public WorkingDay? On(DayOfWeek day) => _days[(int)day];

    public static WorkingHours Weekdays(TimeOnly start, TimeOnly end) =>
        Create([.. Enumerable.Range(1, 5).Select(d => new WorkingDay((DayOfWeek)d, start, end))]).Value;

    /// <summary>Checks each day: a known weekday, once, starting before it ends.</summary>
    public static Result<WorkingHours> Create(IReadOnlyList<WorkingDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var errors = new List<Error>();
        foreach (var day in days)
        {
            if (!Enum.IsDefined(day.Day))
            {
                errors.Add(Error.Validation("working_hours.unknown_day", $"{(int)day.Day} is not a day of the week.", nameof(WorkingHours)));
            }
            else if (day.Start >= day.End)
            {
                errors.Add(Error.Validation("working_hours.start_after_end",
                    $"On {day.Day}, working hours must start before they end ({day.Start:HH:mm}–{day.End:HH:mm}).", nameof(WorkingHours)));
            }
        }

        foreach (var twice in days.GroupBy(d => d.Day).Where(g => g.Count() > 1))
        {
            errors.Add(Error.Validation("working_hours.day_twice", $"{twice.Key} is given more than once.", nameof(WorkingHours)));
        }

        return errors.Count > 0 ? Result<WorkingHours>.Failure(errors) : new WorkingHours(days);
    }

    /// <summary>Reads <see cref="ToString"/>'s text; an empty text is no working hours at all.</summary>
    public static Result<WorkingHours> Parse(string? text)
    {
        var days = new List<WorkingDay>();
        foreach (var part in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            var day = Array.IndexOf(DayNames, pieces.Length == 3 ? pieces[0] : string.Empty);
            if (day < 0
                || !TimeOnly.TryParseExact(pieces[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(pieces[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return Error.Validation("working_hours.unreadable", $"'{part}' is not a day's working hours such as 'Mon 09:00-18:00'.", nameof(WorkingHours));
            }

            days.Add(new WorkingDay((DayOfWeek)day, start, end));
        }

        return Create(days);
    }

    public override string ToString() =>
        string.Join("; ", Days.Select(d => string.Create(CultureInfo.InvariantCulture, $"{DayNames[(int)d.Day]} {d.Start:HH:mm}-{d.End:HH:mm}")));

    public bool Equals(WorkingHours? other) => other is not null && _days.SequenceEqual(other._days);

    public override bool Equals(object? obj) => Equals(obj as WorkingHours);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}

using System.ComponentModel.DataAnnotations;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// A date and time typed into a meeting form must lie in the years 2000–9998. Outside them, turning the wall-clock time
/// into an instant in the person's time zone overflows <see cref="DateTimeOffset"/> (1 January of year 1 in Berlin,
/// 31 December 9999 in New York) and the request failed with a 500 instead of a message next to the field.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MeetingTimeAttribute : ValidationAttribute
{
    public const int FirstYear = 2000;
    public const int LastYear = 9998;

    public MeetingTimeAttribute()
        : base($"{{0}} must be between the years {FirstYear} and {LastYear}.")
    {
    }

    public override bool IsValid(object? value) => value is not DateTime time || time.Year is >= FirstYear and <= LastYear;
}

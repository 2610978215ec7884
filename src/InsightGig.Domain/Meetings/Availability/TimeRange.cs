using InsightGig.Domain.Directory;
namespace InsightGig.Domain.Meetings.Availability;

/// <summary>A half-open span of time [<see cref="Start"/>, <see cref="End"/>): two ranges that only touch do not overlap.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;

    /// <summary>Sorted, with overlapping and touching ranges joined, empty or backwards ones dropped.</summary>
    public static IReadOnlyList<TimeRange> Merge(IEnumerable<TimeRange> ranges)
    {
        var merged = new List<TimeRange>();
        foreach (var range in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = range.End > merged[^1].End ? range.End : merged[^1].End };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}

using InsightGig.Domain.Common;

namespace InsightGig.Domain.Tests.Time;

public sealed class WallClockTimeTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void An_ordinary_time_names_one_instant()
    {
        var occurrences = WallClockTime.Occurrences(new DateTime(2027, 7, 15, 15, 0, 0), London);

        Assert.Equal([new DateTimeOffset(2027, 7, 15, 15, 0, 0, TimeSpan.FromHours(1))], occurrences);
    }

    [Fact]
    public void A_time_skipped_when_clocks_go_forward_names_none()
    {
        Assert.Empty(WallClockTime.Occurrences(new DateTime(2027, 3, 28, 1, 30, 0), London));
    }

    [Fact]
    public void A_time_in_the_repeated_hour_names_two_instants_an_hour_apart_earliest_first()
    {
        var occurrences = WallClockTime.Occurrences(new DateTime(2027, 10, 31, 1, 30, 0, DateTimeKind.Utc), London);

        Assert.Equal(
            [new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero)],
            occurrences.Select(o => o.ToUniversalTime()));
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.Zero], occurrences.Select(o => o.Offset));
    }

    [Theory]
    [InlineData(60, "UTC+01:00")]
    [InlineData(-300, "UTC−05:00")]
    [InlineData(330, "UTC+05:30")]
    [InlineData(0, "UTC+00:00")]
    public void Offsets_are_named_with_sign_hours_and_minutes(int minutes, string expected)
    {
        Assert.Equal(expected, WallClockTime.OffsetName(TimeSpan.FromMinutes(minutes)));
    }
}

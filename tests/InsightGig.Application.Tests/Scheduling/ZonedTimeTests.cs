using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>Wall-clock times entered in the organizer's zone become the right instants, across daylight-saving changes.</summary>
public sealed class ZonedTimeTests
{
    private const string London = "Europe/London";
    private const string NewYork = "America/New_York";

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(London, 2027, 1, 15, 15, 0, 15, 0)] // GMT, +00:00
    [InlineData(London, 2027, 7, 15, 15, 0, 14, 0)] // BST, +01:00
    [InlineData(NewYork, 2027, 1, 15, 10, 0, 15, 0)] // EST, −05:00
    [InlineData(NewYork, 2027, 7, 15, 10, 0, 14, 0)] // EDT, −04:00
    [InlineData("Asia/Kolkata", 2027, 1, 15, 20, 30, 15, 0)] // +05:30, no DST
    public void A_wall_clock_time_becomes_the_instant_of_its_zone(string zone, int year, int month, int day, int hour, int minute, int utcHour, int utcMinute)
    {
        var result = ZonedTime.ToUtc(new DateTime(year, month, day, hour, minute, 0), zone, "Start");

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(Utc(year, month, day, utcHour, utcMinute), result.Value);
        Assert.Equal(TimeSpan.Zero, result.Value.Offset);
    }

    [Fact]
    public void Around_londons_spring_forward_the_times_either_side_are_an_hour_apart_in_utc()
    {
        // 28 March 2027: at 01:00 GMT the clocks go to 02:00 BST.
        var before = ZonedTime.ToUtc(new DateTime(2027, 3, 28, 0, 30, 0), London, "Start");
        var after = ZonedTime.ToUtc(new DateTime(2027, 3, 28, 2, 30, 0), London, "End");

        Assert.Equal(Utc(2027, 3, 28, 0, 30), before.Value);
        Assert.Equal(Utc(2027, 3, 28, 1, 30), after.Value);
        Assert.Equal(TimeSpan.FromHours(1), after.Value - before.Value);
    }

    [Theory]
    [InlineData(London, 2027, 3, 28, 1, 0)]
    [InlineData(London, 2027, 3, 28, 1, 30)]
    [InlineData(London, 2027, 3, 28, 1, 59)]
    [InlineData(NewYork, 2027, 3, 14, 2, 30)]
    public void A_time_skipped_by_the_clocks_going_forward_is_refused_with_a_clear_message(string zone, int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);

        var result = ZonedTime.ToUtc(local, zone, "Start");

        var error = Assert.Single(result.Errors);
        Assert.Equal("time.skipped_by_dst", error.Code);
        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal("Start", error.Field);
        Assert.Equal($"{local:yyyy-MM-dd HH:mm} does not exist in {zone}: the clocks go forward then. Choose another time.", error.Message);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(1, 0)]
    [InlineData(1, 59)]
    public void A_time_in_the_hour_repeated_when_clocks_go_back_is_refused_with_the_choice_of_its_two_instants(int hour, int minute)
    {
        // 31 October 2027: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        var local = new DateTime(2027, 10, 31, hour, minute, 0);

        var result = ZonedTime.ToUtc(local, London, "Start");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("time.repeated_by_dst", ErrorKind.Validation, "Start"), (error.Code, error.Kind, error.Field));
        Assert.Equal(
            $"2027-10-31 {hour:00}:{minute:00} happens twice in Europe/London: the clocks go back then. " +
            $"Choose the first (UTC+01:00, {hour - 1:00}:{minute:00} UTC) or the second (UTC+00:00, {hour:00}:{minute:00} UTC).",
            error.Message);
    }

    [Theory]
    [InlineData(60, 0, 30)]
    [InlineData(0, 1, 30)]
    public void In_the_repeated_hour_the_chosen_offset_picks_the_instant(int offsetMinutes, int utcHour, int utcMinute)
    {
        var result = ZonedTime.ToUtc(new DateTime(2027, 10, 31, 1, 30, 0), London, "Start", offsetMinutes);

        Assert.Equal(Utc(2027, 10, 31, utcHour, utcMinute), result.Value);
    }

    [Fact]
    public void An_offset_that_is_neither_of_the_two_is_refused_like_no_choice()
    {
        var result = ZonedTime.ToUtc(new DateTime(2027, 10, 31, 1, 30, 0), London, "Start", offsetMinutes: 120);

        Assert.Equal("time.repeated_by_dst", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void An_offset_left_from_an_earlier_time_is_ignored_outside_the_repeated_hour()
    {
        // The form keeps the last choice; a time that is not ambiguous has one instant whatever was chosen before.
        var result = ZonedTime.ToUtc(new DateTime(2027, 10, 31, 3, 0, 0), London, "End", offsetMinutes: 60);

        Assert.Equal(Utc(2027, 10, 31, 3, 0), result.Value);
    }

    [Fact]
    public void New_york_repeats_its_own_hour_with_its_own_offsets()
    {
        // 7 November 2027: 01:30 EDT (05:30 UTC), then 01:30 EST (06:30 UTC).
        var result = ZonedTime.ToUtc(new DateTime(2027, 11, 7, 1, 30, 0), NewYork, "End");

        Assert.Contains("Choose the first (UTC−04:00, 05:30 UTC) or the second (UTC−05:00, 06:30 UTC).", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(Utc(2027, 11, 7, 6, 30), ZonedTime.ToUtc(new DateTime(2027, 11, 7, 1, 30, 0), NewYork, "End", -300).Value);
    }

    [Fact]
    public void The_kind_of_the_date_time_is_ignored_it_is_always_wall_clock_time_in_the_zone()
    {
        var asUtc = ZonedTime.ToUtc(new DateTime(2027, 1, 15, 15, 0, 0, DateTimeKind.Utc), "Asia/Tokyo", "Start");
        var asLocal = ZonedTime.ToUtc(new DateTime(2027, 1, 15, 15, 0, 0, DateTimeKind.Local), "Asia/Tokyo", "Start");

        Assert.Equal(Utc(2027, 1, 15, 6, 0), asUtc.Value);
        Assert.Equal(Utc(2027, 1, 15, 6, 0), asLocal.Value);
    }

    [Fact]
    public void An_unknown_zone_is_an_error_on_the_field()
    {
        var result = ZonedTime.ToUtc(new DateTime(2027, 1, 15, 15, 0, 0), "Mars/Olympus_Mons", "End");

        var error = Assert.Single(result.Errors);
        Assert.Equal("time.unknown_zone", error.Code);
        Assert.Equal("End", error.Field);
    }
}

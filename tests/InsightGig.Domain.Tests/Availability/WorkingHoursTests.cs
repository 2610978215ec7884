using InsightGig.Domain.Directory;
using InsightGig.Domain.Meetings.Availability;

namespace InsightGig.Domain.Tests.Availability;

public sealed class WorkingHoursTests
{
    [Fact]
    public void The_default_is_nine_to_six_monday_to_friday_and_its_text_reads_back_the_same()
    {
        Assert.Equal("Mon 09:00-18:00; Tue 09:00-18:00; Wed 09:00-18:00; Thu 09:00-18:00; Fri 09:00-18:00", WorkingHours.Default.ToString());
        Assert.Equal(WorkingHours.Default, WorkingHours.Parse(WorkingHours.Default.ToString()).Value);
        Assert.Null(WorkingHours.Default.On(DayOfWeek.Saturday));
    }

    [Theory]
    [InlineData("Mon 18:00-09:00", "working_hours.start_after_end")]
    [InlineData("Mon 09:00-09:00", "working_hours.start_after_end")]
    [InlineData("Mon 09:00-18:00; Mon 10:00-11:00", "working_hours.day_twice")]
    [InlineData("Funday 09:00-18:00", "working_hours.unreadable")]
    [InlineData("Mon 9-18", "working_hours.unreadable")]
    [InlineData("Mon 25:00-26:00", "working_hours.unreadable")]
    [InlineData("Mon", "working_hours.unreadable")]
    public void Unreadable_or_impossible_hours_are_refused(string text, string code)
    {
        Assert.Equal(code, WorkingHours.Parse(text).FirstError.Code);
    }

    [Fact]
    public void An_empty_text_is_no_working_hours()
    {
        Assert.Empty(WorkingHours.Parse("").Value.Days);
    }
}

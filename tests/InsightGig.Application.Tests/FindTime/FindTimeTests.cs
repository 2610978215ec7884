using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InsightGig.Application.Meetings.FindTime;
using InsightGig.Application.Tests.Scheduling;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;

namespace InsightGig.Application.Tests.FindTime;

/// <summary>
/// <see cref="FindTimeQuery"/> through the real container, reading connected calendars from the sandbox's
/// <c>freeBusy</c>: a busy interval in a collaborator's calendar is avoided, a failing calendar is named and the other
/// suggestions still come, people without a calendar are said to count by working hours only.
/// </summary>
public sealed class FindTimeTests(SchedulingAppFixture fixture) : IClassFixture<SchedulingAppFixture>, IAsyncLifetime
{
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FindTimeQuery OnTheProject(int minutes, params Guid[] people) => new(MeetingContextKind.Project, DemoData.NorthwindProjectId, people, minutes);

    /// <summary>Puts an event in <paramref name="account"/>'s own sandbox Google Calendar, as they would by hand.</summary>
    private async Task AddOwnEventAsync(DemoAccount account, DateTimeOffset start, DateTimeOffset end)
    {
        var token = fixture.State.IssueTokens(SandboxProvider.Google, account.Email).AccessToken;
        using var client = new HttpClient { BaseAddress = fixture.Sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        static string Text(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var response = await client.PostAsJsonAsync("google/calendar/v3/calendars/primary/events",
            new { summary = "Private: dentist", start = new { dateTime = Text(start) }, end = new { dateTime = Text(end) } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Slots_avoid_a_busy_interval_in_a_collaborators_calendar_and_fall_inside_everyones_working_hours()
    {
        // Clara (London, 08:30–17:30), Carlos (New York, 09:00–18:00), Erin (Lagos, 09:00–17:00); Carlos's calendar connected.
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Google);
        var first = await fixture.App.SendAsync(OnTheProject(60, DemoData.Carlos.Id, DemoData.Erin.Id), Clara);
        Assert.True(first.IsSuccess, first.IsFailure ? first.FirstError.Message : null);
        var best = first.Value.Slots[0];
        await AddOwnEventAsync(DemoData.Carlos, best.StartUtc.AddMinutes(-30), best.EndUtc.AddMinutes(30));

        var result = await fixture.App.SendAsync(OnTheProject(60, DemoData.Carlos.Id, DemoData.Erin.Id), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        var found = result.Value;
        Assert.Equal("Europe/London", found.OrganizerTimeZoneId);
        Assert.InRange(found.Slots.Count, 1, 10);
        Assert.DoesNotContain(found.Slots, s => s.StartUtc < best.EndUtc.AddMinutes(30) && s.EndUtc > best.StartUtc.AddMinutes(-30));
        foreach (var slot in found.Slots)
        {
            AssertInside(slot, "Europe/London", 8.5, 17.5);
            AssertInside(slot, "America/New_York", 9, 18);
            AssertInside(slot, "Africa/Lagos", 9, 17);
            Assert.Contains(" · Carlos ", slot.Label, StringComparison.Ordinal);
            Assert.Contains(" New York", slot.Label, StringComparison.Ordinal);
            Assert.Contains(" Lagos", slot.Label, StringComparison.Ordinal);
        }

        Assert.Equal(
            ["Clara has not connected a calendar: only their working hours and InsightGig meetings are known.",
             "Erin has not connected a calendar: only their working hours and InsightGig meetings are known."],
            found.Notices);
        var start = found.Slots[0];
        Assert.Equal(
            $"{start.StartLocal.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}–{start.EndLocal:HH:mm}",
            start.Label[..start.Label.IndexOf(" · ", StringComparison.Ordinal)]);
    }

    private static void AssertInside(FoundSlot slot, string zoneId, double fromHour, double toHour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var start = TimeZoneInfo.ConvertTime(slot.StartUtc, zone);
        var end = TimeZoneInfo.ConvertTime(slot.EndUtc, zone);
        Assert.True(start.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday, $"{slot.Label}: a weekend in {zoneId}");
        Assert.True(start.TimeOfDay.TotalHours >= fromHour && end.TimeOfDay.TotalHours <= toHour && end.Date == start.Date, $"{slot.Label}: outside working hours in {zoneId}");
    }

    [Fact]
    public async Task A_calendar_that_fails_is_named_and_the_suggestions_still_come()
    {
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Google);
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 500, FailNext = 100 });

        var result = await fixture.App.SendAsync(OnTheProject(30, DemoData.Carlos.Id), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.NotEmpty(result.Value.Slots);
        Assert.Contains("Carlos's calendar (Google Calendar) could not be read in time: only their working hours and InsightGig meetings are known.", result.Value.Notices);
    }

    [Fact]
    public async Task A_calendar_that_hangs_is_cut_off_at_the_deadline_and_named()
    {
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Google);
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Hang = true });

        var result = await fixture.App.SendAsync(OnTheProject(30, DemoData.Carlos.Id), Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.NotEmpty(result.Value.Slots);
        Assert.Contains(result.Value.Notices, n => n.StartsWith("Carlos's calendar (Google Calendar) could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InsightGig_meetings_of_anyone_taking_part_are_busy_time()
    {
        var before = await fixture.App.SendAsync(OnTheProject(60, DemoData.Carlos.Id), Clara);
        var best = before.Value.Slots[0];
        // Carlos has a meeting with Hiro (organized by Carlos) over the best slot.
        await fixture.ConnectAsync(DemoData.Carlos, SandboxProvider.Zoom, SandboxProvider.Google);
        var carlos = new TestCurrentUser(DemoData.Carlos.Id, DemoData.NorthwindId, false);
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var scheduled = await fixture.App.SendAsync(new InsightGig.Application.Meetings.ScheduleMeeting.ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom",
            "Other call", null, TimeZoneInfo.ConvertTime(best.StartUtc, ny).DateTime, TimeZoneInfo.ConvertTime(best.EndUtc, ny).DateTime, []), carlos);
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);

        var after = await fixture.App.SendAsync(OnTheProject(60, DemoData.Carlos.Id), Clara);

        Assert.DoesNotContain(after.Value.Slots, s => s.StartUtc < best.EndUtc && s.EndUtc > best.StartUtc);
    }

    [Fact]
    public async Task Someone_outside_the_project_or_an_unoffered_duration_is_refused()
    {
        var outsider = await fixture.App.SendAsync(OnTheProject(60, DemoData.Marco.Id), Clara);
        var duration = await fixture.App.SendAsync(OnTheProject(20, DemoData.Carlos.Id), Clara);

        Assert.Equal("Only collaborators of this project can be invited.", outsider.FirstError.Message);
        Assert.Equal(("Duration", "Choose a duration of 30, 45, 60, 90 minutes."), (duration.FirstError.Field, duration.FirstError.Message));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// <c>POST /me/calendar/getSchedule</c>: the free/busy of up to 100 addresses (<c>Schedules</c>, <c>StartTime</c>, <c>EndTime</c>,
/// <c>AvailabilityViewInterval</c> minutes, 5 to 1,440 and shorter than the window, default 30; a window of at most 62 days;
/// parameter names in any case; Graph's error codes for each). Each answer has
/// <c>availabilityView</c> (a digit per interval: 0 free, 1 tentative, 2 busy, 3 oof, 4 workingElsewhere),
/// <c>scheduleItems</c> and <c>workingHours</c>; an address without a sandbox mailbox gets <c>error</c> instead.
/// </summary>
internal static class GraphScheduleEndpoint
{
    private const int MaxSchedules = 100;

    /// <summary>Graph refuses a longer window with <c>ErrorTimeIntervalTooBig</c>.</summary>
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(62);
    private static readonly JsonArray WorkingDays = ["monday", "tuesday", "wednesday", "thursday", "friday"];

    public static void Map(RouteGroupBuilder graph) => graph.MapPost("/me/calendar/getSchedule", GetScheduleAsync);

    private static async Task<IResult> GetScheduleAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = GraphEndpoints.Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
        if (body is null)
        {
            return unreadable!;
        }

        JsonNode? Parameter(string name) => body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (Parameter("schedules") is not JsonArray schedules || schedules.Count == 0 || schedules.Any(s => s is not JsonValue value || !value.TryGetValue(out string? _)))
        {
            return MicrosoftErrors.BadRequest("Schedules must list at least one email address.", "ErrorInvalidParameter");
        }

        if (schedules.Count > MaxSchedules)
        {
            return MicrosoftErrors.BadRequest(
                $"There are too many target users in the EmailAddress array. The allowed size = {MaxSchedules}; the actual size = {schedules.Count}.", "ErrorMailboxDataArrayTooBig");
        }

        (DateTimeOffset At, string Zone)? start = Time(Parameter("startTime"));
        (DateTimeOffset At, string Zone)? end = Time(Parameter("endTime"));
        if (start is null || end is null)
        {
            return MicrosoftErrors.BadRequest("StartTime and EndTime must be dateTimeTimeZone values.", "ErrorInvalidParameter");
        }

        if (end.Value.At <= start.Value.At)
        {
            return MicrosoftErrors.BadRequest("The time duration specified for FreeBusyViewOptions.TimeWindow is invalid.", "ErrorInvalidTimeInterval");
        }

        TimeSpan window = end.Value.At - start.Value.At;
        if (window > MaxWindow)
        {
            return MicrosoftErrors.BadRequest(
                $"The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = {MaxWindow.Days} days; the actual limit = {Math.Ceiling(window.TotalDays)} days.",
                "ErrorTimeIntervalTooBig");
        }

        int interval = 30;
        if (Parameter("availabilityViewInterval") is JsonValue asked && (!asked.TryGetValue(out interval) || interval is < 5 or > 1440 || interval >= window.TotalMinutes))
        {
            return MicrosoftErrors.BadRequest(
                "The specified merged free/busy interval is not valid. Specify an interval that is less than the free/busy time window and between 5 and 1440 minutes.",
                "ErrorInvalidMergedFreeBusyInterval");
        }

        string? zone = GraphEndpoints.Preference(http.Request, "outlook.timezone");
        var value = new JsonArray();
        foreach (string address in schedules.Select(s => s!.GetValue<string>()))
        {
            value.Add(Information(sandbox, address, start.Value.At, end.Value.At, interval, zone));
        }

        return Results.Json(new JsonObject { ["value"] = value }, SandboxJson.CamelCase);
    }

    private static JsonObject Information(ProviderSandboxState sandbox, string address, DateTimeOffset from, DateTimeOffset to, int interval, string? zone)
    {
        if (sandbox.Microsoft.Accounts.FindByEmail(address) is null)
        {
            return new JsonObject
            {
                ["scheduleId"] = address,
                ["error"] = new JsonObject
                {
                    ["message"] = $"Either the mailbox {address} is not found or its free/busy information is not available.",
                    ["responseCode"] = "ErrorMailRecipientNotFound",
                },
            };
        }

        IReadOnlyList<ScheduleEntry> entries = sandbox.Microsoft.Calendars.Schedule(address, from, to);
        var view = new System.Text.StringBuilder();
        for (DateTimeOffset slot = from; slot < to; slot = slot.AddMinutes(interval))
        {
            DateTimeOffset slotEnd = slot.AddMinutes(interval);
            view.Append(entries.Where(e => e.Start < slotEnd && e.End > slot).Select(e => Digit(e.Status)).DefaultIfEmpty('0').Max());
        }

        return new JsonObject
        {
            ["scheduleId"] = address,
            ["availabilityView"] = view.ToString(),
            ["scheduleItems"] = new JsonArray([.. entries.Select(e => (JsonNode?)new JsonObject
            {
                ["isPrivate"] = e.IsPrivate,
                ["status"] = e.Status,
                ["subject"] = e.IsPrivate ? null : e.Subject,
                ["location"] = e.IsPrivate ? null : e.Location ?? string.Empty,
                ["start"] = OutlookEventRenderer.Time(e.Start, zone),
                ["end"] = OutlookEventRenderer.Time(e.End, zone),
            })]),
            ["workingHours"] = new JsonObject
            {
                ["daysOfWeek"] = WorkingDays.DeepClone(),
                ["startTime"] = "08:00:00.0000000",
                ["endTime"] = "17:00:00.0000000",
                ["timeZone"] = new JsonObject { ["name"] = "UTC" },
            },
        };
    }

    /// <summary>The availabilityView digit of a freeBusyStatus (the busiest event of an interval wins).</summary>
    private static char Digit(string status) => status switch
    {
        "tentative" => '1',
        "busy" => '2',
        "oof" => '3',
        "workingElsewhere" => '4',
        _ => '0',
    };

    private static (DateTimeOffset At, string Zone)? Time(JsonNode? node) =>
        node is JsonObject value
        && value.FirstOrDefault(p => string.Equals(p.Key, "dateTime", StringComparison.OrdinalIgnoreCase)).Value is JsonValue text
        && text.TryGetValue(out string? dateTime)
            ? GraphEventReader.ParseDateTimeTimeZone(
                dateTime,
                value.FirstOrDefault(p => string.Equals(p.Key, "timeZone", StringComparison.OrdinalIgnoreCase)).Value is JsonValue zone && zone.TryGetValue(out string? name) ? name : null)
            : null;
}

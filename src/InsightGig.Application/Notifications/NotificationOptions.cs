using System.Globalization;

namespace InsightGig.Application.Notifications;

/// <summary>InsightGig's own emails (<c>Notifications</c> section).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Minutes before a meeting's start at which every participant gets a reminder, comma-separated.</summary>
    public string ReminderOffsetsMinutes { get; set; } = "1440,15";

    /// <summary>
    /// How often the job server's backstop sweep looks for emails overdue by more than a minute (cron, UTC): those the send
    /// loop of no instance took, or whose job was lost on an instance without a job server.
    /// </summary>
    public string SendCron { get; set; } = "* * * * *";

    /// <summary>
    /// How often each instance running the job server looks for due emails and sends them: a reminder goes at most this long
    /// after its time (an email due at once, such as an alert, wakes the loop at once).
    /// </summary>
    public TimeSpan SendPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far ahead reminders are written to the outbox. A meeting's reminders are derived from the committed meeting: a save
    /// writes those due within this time, and the send loop's planning step writes the others as they come this near, so
    /// "Create meeting" of a meeting further away writes no reminder row. Several send-poll intervals, so each reminder is
    /// planned a few passes before it is due: five minutes is at least two of the longest interval allowed (a minute), so
    /// every valid poll interval starts with the default.
    /// </summary>
    public TimeSpan ReminderPlanningHorizon { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tries before an email that keeps failing for a passing reason is recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long a worker holds a notification it is sending. Longer than one SMTP conversation (its timeout is 30 s): a lease
    /// that ran out means the worker died, and another sends the same message again.
    /// </summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The configured offsets, largest first, or why the setting cannot be read.</summary>
    public static (IReadOnlyList<int> Offsets, string? Problem) ParseOffsets(string? value)
    {
        var offsets = new List<int>();
        foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is <= 0 or > 60 * 24 * 30)
            {
                return ([], $"Notifications:ReminderOffsetsMinutes: '{part}' is not a number of minutes between 1 and 43200.");
            }

            offsets.Add(minutes);
        }

        return ([.. offsets.Distinct().OrderDescending()], null);
    }

    public IReadOnlyList<int> Offsets => ParseOffsets(ReminderOffsetsMinutes).Offsets;
}

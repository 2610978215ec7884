using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InsightGig.Application.Meetings.ScheduleMeeting;

/// <summary>
/// What a "Schedule a meeting" form said, as a SHA-256 in hex over a canonical form of the command (everything but its key):
/// the same details give the same fingerprint however they were posted (participants in any order or repeated, spaces
/// around the title, no description or an empty one), other details a different one.
/// </summary>
internal static class ScheduleMeetingFingerprint
{
    public static string Of(ScheduleMeetingCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string[] canonical =
        [
            "schedule-meeting/1",
            command.ContextKind.ToString(),
            command.ContextId.ToString("D"),
            command.Platform,
            command.Title.Trim(),
            command.Description?.Trim() ?? string.Empty,
            Local(command.Start),
            Local(command.End),
            string.Join(',', command.Participants.Distinct().Order().Select(id => id.ToString("D"))),
            // Only when chosen (the repeated autumn hour), so the fingerprints of every other form stay as they were.
            .. command.StartOffsetMinutes is null && command.EndOffsetMinutes is null
                ? (string[])[]
                : [$"offsets:{command.StartOffsetMinutes}/{command.EndOffsetMinutes}"],
            // Likewise only when the form says (null is the default, decided from who is invited).
            .. command.HideGuestList is { } hide ? [hide ? "guest-list:hidden" : "guest-list:shown"] : (string[])[],
        ];
        // Each field prefixed with its length: the fields stay apart whatever they contain.
        var text = new StringBuilder();
        foreach (var field in canonical)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Local(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) ?? string.Empty;
}

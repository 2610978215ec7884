using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Validated changes from a create or update body; null means "not given".</summary>
internal sealed class ZoomMeetingChanges
{
    public string? Topic { get; init; }
    public int? Type { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public int? Duration { get; init; }
    public string? Timezone { get; init; }
    public string? Agenda { get; init; }
    public string? Password { get; init; }
    public JsonObject? Settings { get; init; }
}

/// <summary>A stored meeting. Mutable, guarded by the <see cref="ZoomMeetingStore"/> lock.</summary>
internal sealed class ZoomMeeting
{
    /// <summary>How much of the agenda a list item carries (OpenAPI MeetingObject.agenda).</summary>
    private const int ListedAgendaLength = 250;

    public required long Id { get; init; }
    public required string Uuid { get; init; }
    public required string HostId { get; init; }
    public required string HostEmail { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string SandboxRoot { get; init; }
    public required string Topic { get; set; }
    public required int Type { get; set; }
    public required string Password { get; set; }
    public required string JoinToken { get; set; }
    public required string StartToken { get; init; }
    public required string H323Password { get; init; }
    public required JsonObject Settings { get; init; }
    public DateTimeOffset? StartTime { get; set; }
    public int? Duration { get; set; }
    public string? Timezone { get; set; }
    public string? Agenda { get; set; }
    public bool Deleted { get; set; }

    public string JoinUrl => $"{SandboxRoot}/zoom/j/{Id}?pwd={JoinToken}";

    public string StartUrl => $"{SandboxRoot}/zoom/s/{Id}?zak={StartToken}";

    public static JsonObject DefaultSettings() => new()
    {
        ["host_video"] = false,
        ["participant_video"] = false,
        ["cn_meeting"] = false,
        ["in_meeting"] = false,
        ["join_before_host"] = false,
        ["jbh_time"] = 0,
        ["mute_upon_entry"] = false,
        ["watermark"] = false,
        ["use_pmi"] = false,
        ["approval_type"] = 2,
        ["audio"] = "both",
        ["auto_recording"] = "none",
        ["enforce_login"] = false,
        ["enforce_login_domains"] = string.Empty,
        ["alternative_hosts"] = string.Empty,
        ["close_registration"] = false,
        ["show_share_button"] = false,
        ["allow_multiple_devices"] = false,
        ["registrants_confirmation_email"] = true,
        ["waiting_room"] = true,
        ["registrants_email_notification"] = true,
        ["meeting_authentication"] = false,
        ["encryption_type"] = "enhanced_encryption",
    };

    public void Apply(ZoomMeetingChanges changes)
    {
        Topic = changes.Topic ?? Topic;
        Type = changes.Type ?? Type;
        StartTime = changes.StartTime ?? StartTime;
        Duration = changes.Duration ?? Duration;
        Timezone = changes.Timezone ?? Timezone;
        Agenda = changes.Agenda ?? Agenda;
        if (changes.Password is not null && changes.Password != Password)
        {
            Password = changes.Password;
            JoinToken = SecureRandomText.Token(24); // the join link embeds the (encrypted) passcode
        }

        foreach ((string key, JsonNode? value) in changes.Settings ?? [])
        {
            Settings[key] = value?.DeepClone();
        }
    }

    public ZoomMeetingResource ToResource() => new(
        Uuid, Id, HostId, HostEmail, Topic, Type, Format(StartTime), Duration, Timezone, Agenda, Format(CreatedAt)!,
        StartUrl, JoinUrl, Password, H323Password, (JsonObject)Settings.DeepClone());

    /// <summary>A list item (MeetingObject): "the length of agenda gets truncated to 250 characters when you list all meetings".</summary>
    public ZoomMeetingListItem ToListItem() => new(
        Uuid, Id, HostId, Topic, Type, Format(StartTime), Duration, Timezone, Agenda is { Length: > ListedAgendaLength } ? Agenda[..ListedAgendaLength] : Agenda,
        Format(CreatedAt)!, JoinUrl);

    public ZoomMeetingInfo Describe() => new(
        Id, Uuid, HostId, HostEmail, Topic, Type, StartTime, Duration, Timezone, Agenda, JoinUrl, CreatedAt, Deleted);

    /// <summary>Zoom's GMT format, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string? Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

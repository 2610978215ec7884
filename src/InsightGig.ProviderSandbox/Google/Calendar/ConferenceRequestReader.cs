using System.Text.Json;
using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google.Calendar;

internal enum ConferenceChangeKind
{
    Remove,
    CreateMeet,
    Copy,
}

/// <summary>What a body's conferenceData asks for (only read when conferenceDataVersion=1).</summary>
internal sealed record ConferenceChange(ConferenceChangeKind Kind, string? RequestId = null, JsonObject? CopiedData = null);

/// <summary>Reads conferenceData: a createRequest for hangoutsMeet makes a Meet conference; full data is copied; null removes.</summary>
internal static class ConferenceRequestReader
{
    public const string HangoutsMeet = "hangoutsMeet";

    public static (ConferenceChange? Change, GoogleApiError? Error) Read(JsonNode? node)
    {
        if (node is null)
        {
            return (new ConferenceChange(ConferenceChangeKind.Remove), null);
        }

        if (node is not JsonObject data)
        {
            return (null, GoogleErrors.BadRequest("Invalid conference data."));
        }

        if (data["createRequest"] is JsonObject createRequest)
        {
            if (TextOf(createRequest["conferenceSolutionKey"]?["type"]) != HangoutsMeet)
            {
                return (null, GoogleErrors.BadRequest("Invalid conference type value."));
            }

            return TextOf(createRequest["requestId"]) is { Length: > 0 } requestId
                ? (new ConferenceChange(ConferenceChangeKind.CreateMeet, requestId), null)
                : (null, GoogleErrors.Required("Missing conference create request id."));
        }

        if (data["conferenceSolution"] is JsonObject && data["entryPoints"] is JsonArray { Count: > 0 })
        {
            return (new ConferenceChange(ConferenceChangeKind.Copy, CopiedData: (JsonObject)data.DeepClone()), null);
        }

        return (null, GoogleErrors.BadRequest("Either conferenceSolution and at least one entryPoint, or createRequest is required."));
    }

    private static string? TextOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}

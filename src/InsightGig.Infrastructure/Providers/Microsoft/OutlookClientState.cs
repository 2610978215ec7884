using System.Security.Cryptography;
using System.Text;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// A subscription's <c>clientState</c> (at most 128 characters, sent back with every notification): the channel id, the
/// channel's random token and, when configured, <c>Providers:Microsoft:ClientState</c>, joined by dots. Graph notifications
/// name only Graph's subscription id, so the channel id has to travel here for the notification to find its channel.
/// </summary>
internal static class OutlookClientState
{
    public const int MaxLength = 128;

    public static string Compose(string channelId, string token, string? appSecret)
    {
        var value = string.IsNullOrEmpty(appSecret) ? $"{channelId}.{token}" : $"{channelId}.{token}.{appSecret}";
        return value.Length <= MaxLength
            ? value
            : throw new InvalidOperationException("The subscription's clientState would exceed Graph's 128 characters; shorten Providers:Microsoft:ClientState.");
    }

    /// <summary>
    /// The channel id and token of a notification's <c>clientState</c>; null when it is not one of ours or the configured
    /// secret does not match (compared in constant time; the token itself is checked against its stored hash by the use case).
    /// </summary>
    public static (string ChannelId, string Token)? Parse(string? clientState, string? appSecret)
    {
        if (string.IsNullOrEmpty(clientState) || clientState.Length > MaxLength)
        {
            return null;
        }

        var parts = clientState.Split('.');
        var expectedParts = string.IsNullOrEmpty(appSecret) ? 2 : 3;
        if (parts.Length != expectedParts || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }

        if (expectedParts == 3
            && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[2]), Encoding.UTF8.GetBytes(appSecret!)))
        {
            return null;
        }

        return (parts[0], parts[1]);
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>The secret of a push channel: random, sent to the calendar once, kept here only as a hash.</summary>
internal static class CalendarChannelTokens
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of <paramref name="token"/> with a stored hash.</summary>
    public static bool Matches(string? token, string? storedHash) =>
        token is not null && storedHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));
}

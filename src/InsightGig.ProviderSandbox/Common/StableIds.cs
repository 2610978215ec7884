using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>
/// Ids derived from the email, so that the same person gets the same Zoom user id / Google subject
/// across sign-ins and across <c>/_sandbox/reset</c>, as with the real providers.
/// </summary>
internal static class StableIds
{
    public static string ZoomUserId(string email) => Base64Url.EncodeToString(Hash("zoom-user", email).AsSpan(0, 16));

    public static string ZoomAccountId(string email) => Base64Url.EncodeToString(Hash("zoom-account", email).AsSpan(0, 16));

    public static long ZoomPersonalMeetingId(string email) =>
        1_000_000_000L + (long)(BinaryPrimitives.ReadUInt64LittleEndian(Hash("zoom-pmi", email)) % 9_000_000_000UL);

    /// <summary>Google subjects are 21-digit decimal strings.</summary>
    public static string GoogleSubject(string email)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(Hash("google-sub", email));
        return "1" + (value % 100_000_000_000_000_000UL).ToString("D20", CultureInfo.InvariantCulture);
    }

    private static byte[] Hash(string purpose, string email) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + email.Trim().ToUpperInvariant()));
}

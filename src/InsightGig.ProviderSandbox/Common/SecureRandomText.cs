using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>Unguessable identifiers: every token, code and pending-sign-in id comes from the OS CSPRNG.</summary>
internal static class SecureRandomText
{
    public const string Base32HexAlphabet = "0123456789abcdefghijklmnopqrstuv";
    private const string Lowercase = "abcdefghijklmnopqrstuvwxyz";
    private const string Passcode = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Token(int byteCount = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(byteCount));

    public static string Base32Hex(int length) => RandomNumberGenerator.GetString(Base32HexAlphabet, length);

    public static string Letters(int length) => RandomNumberGenerator.GetString(Lowercase, length);

    public static string PasscodeText(int length) => RandomNumberGenerator.GetString(Passcode, length);

    /// <summary>A uniformly-enough random number in [min, max): the small modulo bias is irrelevant here.</summary>
    public static long Int64(long minInclusive, long maxExclusive)
    {
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
        return minInclusive + (long)(raw % (ulong)(maxExclusive - minInclusive));
    }
}

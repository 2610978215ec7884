using System.Globalization;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>Names for people who typed only an email: "ada.lovelace@example.com" becomes "Ada Lovelace".</summary>
internal static class PersonNames
{
    public static string FromEmail(string email)
    {
        string local = email.Split('@')[0];
        string[] parts = local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? local : string.Join(' ', parts.Select(Capitalize));
    }

    public static (string First, string Last) Split(string displayName)
    {
        string trimmed = displayName.Trim();
        int space = trimmed.LastIndexOf(' ');
        return space < 0 ? (trimmed, string.Empty) : (trimmed[..space], trimmed[(space + 1)..]);
    }

    private static string Capitalize(string word) =>
        char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}

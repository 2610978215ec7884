namespace InsightGig.ProviderSandbox.Common;

/// <summary>A deliberately loose email check: one '@', something on both sides, a dot in the domain, no spaces.</summary>
internal static class EmailAddress
{
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        int at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0
            && at == value.LastIndexOf('@')
            && value.IndexOf('.', at) > at + 1
            && !value.EndsWith('.');
    }
}

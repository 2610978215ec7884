namespace InsightGig.Application.Integrations.Linking;

/// <summary>Only paths on this site may be returned to after linking, so the flow cannot be used as an open redirect.</summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url.Length <= 2048
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}

namespace InsightGig.Domain.Common;

/// <summary>Checks for arguments that callers must have validated already; a failure here is a bug, not user input.</summary>
internal static class Guard
{
    public static string NotBlank(string? value, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required.", name);
        }

        var trimmed = value.Trim();
        return trimmed.Length > maxLength ? throw new ArgumentException($"{name} is longer than {maxLength} characters.", name) : trimmed;
    }

    public static string Optional(string? value, int maxLength, string name)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        return trimmed.Length > maxLength ? throw new ArgumentException($"{name} is longer than {maxLength} characters.", name) : trimmed;
    }

    public static Guid NotEmpty(Guid value, string name) =>
        value == Guid.Empty ? throw new ArgumentException($"{name} is required.", name) : value;

    public static string TimeZone(string? timeZoneId, string name)
    {
        var id = NotBlank(timeZoneId, 64, name);
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _) ? id : throw new ArgumentException($"'{id}' is not a known IANA time zone.", name);
    }

    public static string Email(string? email, string name)
    {
        var value = NotBlank(email, 254, name);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && !value.Contains(' ', StringComparison.Ordinal)
            ? value
            : throw new ArgumentException($"'{value}' is not an email address.", name);
    }
}

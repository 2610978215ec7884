namespace InsightGig.Domain.Common;

/// <summary>What kind of expected failure a result carries; the Web layer maps it to a response.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    Unavailable,
}

/// <summary>An expected failure: a stable code for programs and a message for people.</summary>
/// <param name="Field">The input field the error belongs to, when there is one.</param>
public sealed record Error(string Code, string Message, ErrorKind Kind, string? Field = null)
{
    public static Error Validation(string code, string message, string? field = null) => new(code, message, ErrorKind.Validation, field);

    public static Error NotFound(string what) => new($"{what}.not_found", $"The {what} was not found.", ErrorKind.NotFound);

    public static Error Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    public static Error Unavailable(string code, string message) => new(code, message, ErrorKind.Unavailable);
}

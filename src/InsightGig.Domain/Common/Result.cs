namespace InsightGig.Domain.Common;

/// <summary>
/// The outcome of an operation whose failures are expected (invalid input, not found, not allowed).
/// Exceptions stay for the unexpected.
/// </summary>
public class Result : IFailureFactory<Result>
{
    protected Result(IReadOnlyList<Error> errors) => Errors = errors;

    public IReadOnlyList<Error> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public bool IsFailure => !IsSuccess;

    /// <summary>The first error, for callers that show one message.</summary>
    public Error FirstError => Errors.Count > 0 ? Errors[0] : throw new InvalidOperationException("A successful result has no error.");

    public static Result Success() => new([]);

    public static Result Failure(Error error) => new([error]);

    public static Result Failure(IReadOnlyList<Error> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new Result(errors);
    }

    public static implicit operator Result(Error error) => Failure(error);

    static Result IFailureFactory<Result>.FromErrors(IReadOnlyList<Error> errors) => Failure(errors);
}

/// <summary>A <see cref="Result"/> that carries a value on success.</summary>
public sealed class Result<T> : Result, IFailureFactory<Result<T>>
{
    private readonly T? _value;

    private Result(T value) : base([]) => _value = value;

    private Result(IReadOnlyList<Error> errors) : base(errors)
    {
    }

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"A failed result has no value: {FirstError.Message}");

    public static Result<T> Success(T value) => new(value);

    public static new Result<T> Failure(Error error) => new([error]);

    public static new Result<T> Failure(IReadOnlyList<Error> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new Result<T>(errors);
    }

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    static Result<T> IFailureFactory<Result<T>>.FromErrors(IReadOnlyList<Error> errors) => Failure(errors);
}

/// <summary>Lets generic code (the validation pipeline) build a failed result of any result type without reflection.</summary>
public interface IFailureFactory<out TSelf>
{
    static abstract TSelf FromErrors(IReadOnlyList<Error> errors);
}

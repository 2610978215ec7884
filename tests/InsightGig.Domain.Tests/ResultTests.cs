using InsightGig.Domain.Common;

namespace InsightGig.Domain.Tests;

public sealed class ResultTests
{
    private static readonly Error Invalid = Error.Validation("thing.invalid", "The thing is invalid.", "Thing");

    [Fact]
    public void Success_has_no_errors_and_no_first_error()
    {
        var result = Result.Success();

        Assert.True(result.IsSuccess);
        Assert.False(result.IsFailure);
        Assert.Empty(result.Errors);
        Assert.Throws<InvalidOperationException>(() => result.FirstError);
    }

    [Fact]
    public void Failure_carries_its_errors_in_order()
    {
        var other = Error.Conflict("thing.exists", "Exists.");

        var result = Result.Failure([Invalid, other]);

        Assert.True(result.IsFailure);
        Assert.Equal(Invalid, result.FirstError);
        Assert.Equal([Invalid, other], result.Errors);
    }

    [Fact]
    public void A_failure_needs_at_least_one_error()
    {
        Assert.Throws<ArgumentException>(() => Result.Failure(Array.Empty<Error>()));
        Assert.Throws<ArgumentException>(() => Result<int>.Failure(Array.Empty<Error>()));
        Assert.Throws<ArgumentNullException>(() => Result.Failure((IReadOnlyList<Error>)null!));
    }

    [Fact]
    public void A_value_converts_to_a_successful_result()
    {
        Result<int> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public void An_error_converts_to_a_failed_result_without_a_value()
    {
        Result<int> typed = Invalid;
        Result untyped = Invalid;

        Assert.True(typed.IsFailure);
        Assert.True(untyped.IsFailure);
        var ex = Assert.Throws<InvalidOperationException>(() => typed.Value);
        Assert.Contains(Invalid.Message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_factories_set_the_kind()
    {
        Assert.Equal(ErrorKind.Validation, Invalid.Kind);
        Assert.Equal("Thing", Invalid.Field);
        Assert.Equal(ErrorKind.Conflict, Error.Conflict("c", "m").Kind);
        Assert.Equal(ErrorKind.Unavailable, Error.Unavailable("u", "m").Kind);

        var notFound = Error.NotFound("project");
        Assert.Equal(ErrorKind.NotFound, notFound.Kind);
        Assert.Equal("project.not_found", notFound.Code);
    }

    [Fact]
    public void Errors_are_equal_by_value() =>
        Assert.Equal(Error.NotFound("brief"), Error.NotFound("brief"));
}

using FluentValidation;
using InsightGig.Application.Common.Behaviours;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Tests;

/// <summary>A message of the tests' own; the pipeline behaviours are generic, so they are exercised directly.</summary>
public sealed record RenameThing(string Name, int Size) : ICommand<Result<string>>;

public sealed record TouchThing(string Name) : ICommand<Result>;

internal sealed class RenameThingNameValidator : AbstractValidator<RenameThing>
{
    public RenameThingNameValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithErrorCode("thing.name_required").WithMessage("Enter a name.");
    }
}

internal sealed class RenameThingSizeValidator : AbstractValidator<RenameThing>
{
    public RenameThingSizeValidator()
    {
        RuleFor(m => m.Size).InclusiveBetween(1, 10);
    }
}

internal sealed class TouchThingValidator : AbstractValidator<TouchThing>
{
    public TouchThingValidator()
    {
        RuleFor(m => m.Name).MaximumLength(3).WithErrorCode("thing.name_too_long");
    }
}

public sealed class ValidationBehaviourTests
{
    private int _handlerCalls;

    private ValueTask<Result<string>> Handler(RenameThing message, CancellationToken cancellationToken)
    {
        _handlerCalls++;
        return ValueTask.FromResult(Result<string>.Success($"renamed to {message.Name}"));
    }

    [Fact]
    public async Task Without_validators_the_handler_answers()
    {
        var behaviour = new ValidationBehaviour<RenameThing, Result<string>>([]);

        var result = await behaviour.Handle(new RenameThing("", 0), Handler, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess);
        Assert.Equal(1, _handlerCalls);
    }

    [Fact]
    public async Task Valid_input_reaches_the_handler()
    {
        var behaviour = new ValidationBehaviour<RenameThing, Result<string>>([new RenameThingNameValidator(), new RenameThingSizeValidator()]);

        var result = await behaviour.Handle(new RenameThing("Gizmo", 5), Handler, TestContext.Current.CancellationToken);

        Assert.Equal("renamed to Gizmo", result.Value);
        Assert.Equal(1, _handlerCalls);
    }

    [Fact]
    public async Task Invalid_input_is_a_failed_result_and_the_handler_is_not_called()
    {
        var behaviour = new ValidationBehaviour<RenameThing, Result<string>>([new RenameThingNameValidator()]);

        var result = await behaviour.Handle(new RenameThing("", 5), Handler, TestContext.Current.CancellationToken);

        Assert.True(result.IsFailure);
        Assert.Equal(0, _handlerCalls);
        var error = Assert.Single(result.Errors);
        Assert.Equal("thing.name_required", error.Code);
        Assert.Equal("Enter a name.", error.Message);
        Assert.Equal(nameof(RenameThing.Name), error.Field);
        Assert.Equal(ErrorKind.Validation, error.Kind);
    }

    [Fact]
    public async Task The_failures_of_every_validator_are_collected()
    {
        var behaviour = new ValidationBehaviour<RenameThing, Result<string>>([new RenameThingNameValidator(), new RenameThingSizeValidator()]);

        var result = await behaviour.Handle(new RenameThing("", 99), Handler, TestContext.Current.CancellationToken);

        Assert.Equal(0, _handlerCalls);
        Assert.Equal([nameof(RenameThing.Name), nameof(RenameThing.Size)], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrEmpty(e.Code)));
    }

    [Fact]
    public async Task A_plain_result_can_fail_too()
    {
        var behaviour = new ValidationBehaviour<TouchThing, Result>([new TouchThingValidator()]);
        var called = false;

        var result = await behaviour.Handle(new TouchThing("too long"), (_, _) =>
        {
            called = true;
            return ValueTask.FromResult(Result.Success());
        }, TestContext.Current.CancellationToken);

        Assert.False(called);
        Assert.Equal("thing.name_too_long", result.FirstError.Code);
    }
}

public sealed class LoggingBehaviourTests
{
    private readonly CapturingLogger<LoggingBehaviour<TouchThing, Result>> _logger = new();

    [Fact]
    public async Task A_failed_result_is_logged_with_its_code_and_returned()
    {
        var behaviour = new LoggingBehaviour<TouchThing, Result>(_logger);

        var result = await behaviour.Handle(new TouchThing("x"), (_, _) => ValueTask.FromResult(Result.Failure(Error.NotFound("thing"))),
            TestContext.Current.CancellationToken);

        Assert.Equal("thing.not_found", result.FirstError.Code);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("TouchThing", entry.Message, StringComparison.Ordinal);
        Assert.Contains("thing.not_found", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_is_logged_as_an_error_and_rethrown()
    {
        var behaviour = new LoggingBehaviour<TouchThing, Result>(_logger);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await behaviour.Handle(new TouchThing("x"), (_, _) => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken));

        Assert.Equal("boom", ex.Message);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(ex, entry.Exception);
    }

    [Fact]
    public async Task A_cancellation_is_not_logged_as_an_error()
    {
        var behaviour = new LoggingBehaviour<TouchThing, Result>(_logger);

        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
            await behaviour.Handle(new TouchThing("x"), (_, _) => throw new OperationCanceledException(), TestContext.Current.CancellationToken));

        Assert.Empty(_logger.Entries);
    }
}

internal sealed class CapturingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Add((logLevel, formatter(state, exception), exception));
    }
}

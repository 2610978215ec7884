using FluentValidation;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Common.Behaviours;

/// <summary>
/// Runs the message's FluentValidation validators and answers a failed result instead of calling the handler.
/// Invalid input is expected, so it is a result, not an exception.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
    where TResponse : Result, IFailureFactory<TResponse>
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length == 0)
        {
            return await next(message, cancellationToken);
        }

        var errors = new List<Error>();
        foreach (var validator in _validators)
        {
            // A context of its own per validator: FluentValidation accumulates failures in the context it is given.
            var outcome = await validator.ValidateAsync(new ValidationContext<TMessage>(message), cancellationToken);
            errors.AddRange(outcome.Errors.Select(f => Error.Validation(
                string.IsNullOrEmpty(f.ErrorCode) ? "validation" : f.ErrorCode, f.ErrorMessage, f.PropertyName)));
        }

        return errors.Count > 0 ? TResponse.FromErrors(errors) : await next(message, cancellationToken);
    }
}

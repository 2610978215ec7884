using InsightGig.Application.Integrations.Linking;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.CompleteAccountLink;

internal sealed class CompleteAccountLinkHandler(AccountLinkCompleter completer) : ICommandHandler<CompleteAccountLinkCommand, Result<AccountLinked>>
{
    public async ValueTask<Result<AccountLinked>> Handle(CompleteAccountLinkCommand command, CancellationToken cancellationToken) =>
        await completer.CompleteAsync(command.Provider, command.State, command.Code, command.Error, cancellationToken);
}

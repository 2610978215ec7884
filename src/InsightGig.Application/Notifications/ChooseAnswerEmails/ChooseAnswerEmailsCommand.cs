using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Notifications.ChooseAnswerEmails;

/// <summary>Whether the signed-in person gets the emails about answers (declines and proposals, decisions on their proposals).</summary>
public sealed record ChooseAnswerEmailsCommand(bool On) : ICommand<Result>;
